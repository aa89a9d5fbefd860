/* charter-search-query.c: what a reader typed, made safe for FTS5
 *
 * A reader's query is never handed to FTS5 as typed: its syntax errors
 * would reach the reader ("fts5: syntax error near …"). It is read here
 * instead, in a grammar that accepts every string:
 *
 *   words           all must match          cyber security
 *   "a phrase"      words in this order     "shared future"
 *   prefix*         any word starting so    cyber*
 *   -word, -"…"     must not match          -military
 *   a OR b          either                  sovereignty OR 主权
 *
 * Each term is run through the index's own tokenizer and written back as a
 * quoted FTS5 string of folded tokens, so nothing typed can be an operator.
 * A term with no tokens (punctuation, emoji) is dropped; a query left with
 * no positive term is empty and matches nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-search"

#include "config.h"

#include "charter-search-query.h"
#include "charter-tokenizer.h"

#include <string.h>

/* Bounds on what one query may cost: more terms are ignored. */
#define MAX_TERMS          32
#define MAX_TERM_TOKENS    64

/* Snippets: characters of context before and after the first hit, and in all. */
#define SNIPPET_BEFORE     40
#define SNIPPET_LENGTH     180
#define SNIPPET_AFTER      60

typedef struct
{
  GPtrArray *tokens;
  gboolean   prefix;
} Term;

struct _CharterSearchQuery
{
  gatomicrefcount  ref_count;
  char            *text;
  /* Positive terms in groups: every group must match, any term of a group
   * may (the terms of a group were joined by OR).
   */
  GPtrArray       *groups;
  GPtrArray       *negatives;
  char            *fts;
};

G_DEFINE_BOXED_TYPE (CharterSearchQuery, charter_search_query,
                     charter_search_query_ref, charter_search_query_unref)

static void
term_free (gpointer data)
{
  Term *term = data;

  g_ptr_array_unref (term->tokens);
  g_free (term);
}

static gboolean
collect_token_cb (const char *token,
                  gsize       token_length,
                  gsize       start,
                  gsize       end,
                  gpointer    user_data)
{
  GPtrArray *tokens = user_data;

  g_ptr_array_add (tokens, g_strndup (token, token_length));
  return tokens->len < MAX_TERM_TOKENS;
}

static Term *
term_new (const char *text,
          gsize       length,
          gboolean    prefix)
{
  Term *term = g_new0 (Term, 1);

  term->tokens = g_ptr_array_new_with_free_func (g_free);
  term->prefix = prefix;
  charter_tokenize (text, length, collect_token_cb, term->tokens);

  return term;
}

static void
append_term (GString *fts,
             Term    *term)
{
  g_string_append_c (fts, '"');
  for (guint i = 0; i < term->tokens->len; i++)
    {
      if (i > 0)
        g_string_append_c (fts, ' ');
      /* Tokens are letters and digits only: no quote can end the string. */
      g_string_append (fts, g_ptr_array_index (term->tokens, i));
    }
  g_string_append_c (fts, '"');
  if (term->prefix)
    g_string_append (fts, " *");
}

static void
append_group (GString   *fts,
              GPtrArray *group)
{
  if (group->len > 1)
    g_string_append_c (fts, '(');
  for (guint i = 0; i < group->len; i++)
    {
      if (i > 0)
        g_string_append (fts, " OR ");
      append_term (fts, g_ptr_array_index (group, i));
    }
  if (group->len > 1)
    g_string_append_c (fts, ')');
}

static char *
build_fts (CharterSearchQuery *self)
{
  GString *fts = g_string_new (NULL);

  if (self->groups->len == 0)
    return g_string_free (fts, FALSE);

  if (self->negatives->len > 0)
    g_string_append_c (fts, '(');
  for (guint i = 0; i < self->groups->len; i++)
    {
      if (i > 0)
        g_string_append (fts, " AND ");
      append_group (fts, g_ptr_array_index (self->groups, i));
    }
  if (self->negatives->len > 0)
    {
      g_string_append (fts, ") NOT ");
      append_group (fts, self->negatives);
    }

  return g_string_free (fts, FALSE);
}

static gboolean
is_space_at (const char *p,
             const char *end)
{
  gunichar c;

  if ((guchar) *p < 0x80)
    return g_ascii_isspace (*p);
  c = g_utf8_get_char_validated (p, end - p);
  return c < (gunichar) -2 && g_unichar_isspace (c);
}

/* Returns the length in bytes of a quote mark at @p: '"', '“' or '”'. */
static gsize
quote_at (const char *p,
          const char *end)
{
  if (*p == '"')
    return 1;
  if (end - p >= 3 && (memcmp (p, "\xe2\x80\x9c", 3) == 0 || memcmp (p, "\xe2\x80\x9d", 3) == 0))
    return 3;
  return 0;
}

static const char *
next_char (const char *p,
           const char *end)
{
  const char *next = g_utf8_find_next_char (p, end);

  return next != NULL ? next : end;
}

static gboolean
same_term (Term *a,
           Term *b)
{
  if (a->prefix != b->prefix || a->tokens->len != b->tokens->len)
    return FALSE;
  for (guint i = 0; i < a->tokens->len; i++)
    if (strcmp (g_ptr_array_index (a->tokens, i), g_ptr_array_index (b->tokens, i)) != 0)
      return FALSE;
  return TRUE;
}

/* Whether @term is already a group of its own: "tool tool" asks for it once. */
static gboolean
has_group (GPtrArray *groups,
           Term      *term)
{
  for (guint i = 0; i < groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (groups, i);

      if (group->len == 1 && same_term (g_ptr_array_index (group, 0), term))
        return TRUE;
    }
  return FALSE;
}

/* While the reader types, the word at the end is likely unfinished: it is
 * read as a prefix, once it has two letters (one would match half the
 * vocabulary). A Chinese or Japanese character is a whole token already.
 */
static void
complete_last_word (Term *term)
{
  const char *last = g_ptr_array_index (term->tokens, term->tokens->len - 1);

  if (!charter_unichar_is_cjk (g_utf8_get_char (last)) && g_utf8_strlen (last, -1) >= 2)
    term->prefix = TRUE;
}

static void
parse (CharterSearchQuery *self,
       gboolean            as_you_type)
{
  const char *p = self->text;
  const char *end = p + strlen (p);
  gboolean pending_or = FALSE;
  guint n_terms = 0;

  while (p < end && n_terms < MAX_TERMS)
    {
      gboolean negative = FALSE;
      gboolean prefix = FALSE;
      const char *start;
      const char *stop;
      gsize quote;
      Term *term;

      if (is_space_at (p, end))
        {
          p = next_char (p, end);
          continue;
        }

      if (*p == '-')
        {
          negative = TRUE;
          p++;
          if (p == end || is_space_at (p, end))
            continue;
        }

      quote = quote_at (p, end);
      if (quote > 0)
        {
          /* A phrase runs to the closing quote, or to the end if there is none. */
          start = p + quote;
          stop = start;
          while (stop < end && quote_at (stop, end) == 0)
            stop = next_char (stop, end);
          p = stop < end ? stop + quote_at (stop, end) : end;
          while (p < end && *p == '*')
            {
              prefix = TRUE;
              p++;
            }
        }
      else
        {
          start = p;
          while (p < end && !is_space_at (p, end) && quote_at (p, end) == 0)
            p = next_char (p, end);
          stop = p;
          if (!negative && stop - start == 2 && memcmp (start, "OR", 2) == 0)
            {
              pending_or = TRUE;
              continue;
            }
          while (stop > start && stop[-1] == '*')
            {
              prefix = TRUE;
              stop--;
            }
        }

      term = term_new (start, (gsize) (stop - start), prefix);
      if (term->tokens->len == 0)
        {
          term_free (term);
          continue;
        }
      if (as_you_type && !negative && quote == 0 && stop == end && !prefix)
        complete_last_word (term);

      if (!negative && !pending_or && has_group (self->groups, term))
        {
          term_free (term);
          continue;
        }

      n_terms++;
      if (negative)
        g_ptr_array_add (self->negatives, term);
      else if (pending_or && self->groups->len > 0)
        g_ptr_array_add (g_ptr_array_index (self->groups, self->groups->len - 1), term);
      else
        {
          GPtrArray *group = g_ptr_array_new_with_free_func (term_free);

          g_ptr_array_add (group, term);
          g_ptr_array_add (self->groups, group);
        }
      pending_or = FALSE;
    }
}

static CharterSearchQuery *
query_new (const char *text,
           gboolean    as_you_type)
{
  CharterSearchQuery *self;

  self = g_new0 (CharterSearchQuery, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_utf8_make_valid (text, -1);
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->negatives = g_ptr_array_new_with_free_func (term_free);
  parse (self, as_you_type);
  self->fts = build_fts (self);

  return self;
}

/**
 * charter_search_query_new:
 * @text: what the reader typed, any string
 *
 * Never fails: text with nothing to search for gives an empty query.
 */
CharterSearchQuery *
charter_search_query_new (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return query_new (text, FALSE);
}

/**
 * charter_search_query_new_as_you_type:
 * @text: what the reader has typed so far
 *
 * Like charter_search_query_new(), but a word at the very end, not yet
 * followed by a space, also matches longer words: "sover" finds
 * "sovereignty" while it is being typed.
 */
CharterSearchQuery *
charter_search_query_new_as_you_type (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return query_new (text, TRUE);
}

CharterSearchQuery *
charter_search_query_ref (CharterSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
charter_search_query_unref (CharterSearchQuery *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->text);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->negatives);
  g_free (self->fts);
  g_free (self);
}

const char *
charter_search_query_get_text (CharterSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

gboolean
charter_search_query_is_empty (CharterSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->groups->len == 0;
}

/**
 * charter_search_query_get_fts:
 *
 * Returns: the FTS5 MATCH expression, "" for an empty query.
 */
const char *
charter_search_query_get_fts (CharterSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fts;
}

typedef struct
{
  gsize start;
  gsize end;
  guint text_offset;
  guint text_length;
} Token;

typedef struct
{
  GArray  *tokens;
  GString *strings;
} Tokens;

static gboolean
store_token_cb (const char *token,
                gsize       token_length,
                gsize       start,
                gsize       end,
                gpointer    user_data)
{
  Tokens *tokens = user_data;
  Token t = { start, end, (guint) tokens->strings->len, (guint) token_length };

  g_string_append_len (tokens->strings, token, (gssize) token_length);
  g_array_append_val (tokens->tokens, t);

  return TRUE;
}

static gboolean
term_matches_at (Term         *term,
                 const Tokens *tokens,
                 guint         at)
{
  for (guint k = 0; k < term->tokens->len; k++)
    {
      const char *want = g_ptr_array_index (term->tokens, k);
      gsize want_length = strlen (want);
      const Token *t = &g_array_index (tokens->tokens, Token, at + k);
      const char *have = tokens->strings->str + t->text_offset;
      gboolean last = k + 1 == term->tokens->len;

      if (last && term->prefix)
        {
          if (t->text_length < want_length || memcmp (have, want, want_length) != 0)
            return FALSE;
        }
      else if (t->text_length != want_length || memcmp (have, want, want_length) != 0)
        return FALSE;
    }

  return TRUE;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const CharterTextRange *ra = a;
  const CharterTextRange *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return ra->end < rb->end ? -1 : ra->end > rb->end;
}

/**
 * charter_search_query_find_hits:
 * @text: the text searched, as the reader sees it
 * @length: its length in bytes, or -1 if nul-terminated
 * @max_hits: stop after this many, 0 for all
 *
 * Finds where the query's positive terms occur in @text, with the tokenizer
 * the index uses, so they are the places the index matched.
 *
 * Returns: (transfer full): sorted, disjoint #CharterTextRange in characters
 */
GArray *
charter_search_query_find_hits (CharterSearchQuery *self,
                                const char         *text,
                                gssize              length,
                                guint               max_hits)
{
  Tokens tokens;
  GArray *byte_ranges;
  GArray *hits;
  gsize byte_position = 0;
  guint char_position = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);

  hits = g_array_new (FALSE, FALSE, sizeof (CharterTextRange));
  if (self->groups->len == 0)
    return hits;

  tokens.tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  tokens.strings = g_string_new (NULL);
  charter_tokenize (text, (gsize) length, store_token_cb, &tokens);

  /* Ranges in bytes first, turned into characters in one walk at the end. */
  byte_ranges = g_array_new (FALSE, FALSE, sizeof (CharterTextRange));
  for (guint g = 0; g < self->groups->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (self->groups, g);

      for (guint t = 0; t < group->len; t++)
        {
          Term *term = g_ptr_array_index (group, t);
          guint n = term->tokens->len;

          for (guint i = 0; i + n <= tokens.tokens->len; i++)
            {
              CharterTextRange range;

              if (!term_matches_at (term, &tokens, i))
                continue;
              range.start = (guint) g_array_index (tokens.tokens, Token, i).start;
              range.end = (guint) g_array_index (tokens.tokens, Token, i + n - 1).end;
              g_array_append_val (byte_ranges, range);
            }
        }
    }
  g_array_sort (byte_ranges, compare_ranges);

  for (guint i = 0; i < byte_ranges->len; i++)
    {
      CharterTextRange range = g_array_index (byte_ranges, CharterTextRange, i);
      CharterTextRange *last = hits->len > 0
        ? &g_array_index (hits, CharterTextRange, hits->len - 1) : NULL;
      CharterTextRange chars;

      /* Overlapping hits (two terms on one word) become one. */
      if (last != NULL && range.start < byte_position)
        {
          if (range.end > byte_position)
            {
              last->end = char_position
                + (guint) g_utf8_strlen (text + byte_position,
                                         (gssize) (range.end - byte_position));
              char_position = last->end;
              byte_position = range.end;
            }
          continue;
        }
      if (max_hits > 0 && hits->len >= max_hits)
        break;

      chars.start = char_position
        + (guint) g_utf8_strlen (text + byte_position, (gssize) (range.start - byte_position));
      chars.end = chars.start
        + (guint) g_utf8_strlen (text + range.start, (gssize) (range.end - range.start));
      g_array_append_val (hits, chars);
      char_position = chars.end;
      byte_position = range.end;
    }

  g_array_unref (byte_ranges);
  g_array_unref (tokens.tokens);
  g_string_free (tokens.strings, TRUE);

  return hits;
}

/**
 * charter_search_query_make_snippet:
 * @text: the text the hits were found in
 * @hits: (element-type CharterTextRange): from find_hits(), may be empty
 * @snippet_hits: (out) (optional): the hits inside the snippet, in its characters
 *
 * A line of context around the first hit, on word boundaries, with an
 * ellipsis where it was cut; line breaks become spaces, one for one.
 *
 * Returns: (transfer full): the snippet
 */
char *
charter_search_query_make_snippet (CharterSearchQuery  *self,
                                   const char          *text,
                                   const GArray        *hits,
                                   GArray             **snippet_hits)
{
  const char *from_p;
  const char *p;
  guint from = 0;
  guint to;
  guint first = 0;
  gboolean cut_end = FALSE;
  GString *snippet;
  guint lead;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (hits != NULL && hits->len > 0)
    first = g_array_index (hits, CharterTextRange, 0).start;

  /* Find the window's start: the text's own start if the hit shows from
   * there with words after it, else some words before the hit.
   */
  from_p = text;
  if (first > SNIPPET_BEFORE && first + SNIPPET_AFTER > SNIPPET_LENGTH)
    {
      const char *hit_p;

      from = first - SNIPPET_BEFORE;
      from_p = g_utf8_offset_to_pointer (text, from);
      hit_p = g_utf8_offset_to_pointer (from_p, first - from);
      for (p = from_p; p < hit_p; p = g_utf8_next_char (p))
        if (g_unichar_isspace (g_utf8_get_char (p)))
          {
            from += (guint) g_utf8_pointer_to_offset (from_p, p) + 1;
            from_p = g_utf8_next_char (p);
            break;
          }
    }

  /* And its end, at the last space that keeps it long enough. */
  snippet = g_string_new (from > 0 ? "…" : NULL);
  lead = from > 0 ? 1 : 0;
  to = from;
  {
    gsize cut_bytes = 0;
    guint cut_chars = 0;

    for (p = from_p; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (to - from >= SNIPPET_LENGTH)
          {
            cut_end = TRUE;
            break;
          }
        if (g_unichar_isspace (c) && to - from > SNIPPET_LENGTH * 2 / 3)
          {
            cut_bytes = snippet->len;
            cut_chars = to;
          }
        g_string_append_unichar (snippet, c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
        to++;
      }
    if (cut_end && cut_bytes > 0)
      {
        g_string_truncate (snippet, cut_bytes);
        to = cut_chars;
      }
  }
  if (cut_end)
    g_string_append (snippet, "…");

  if (snippet_hits != NULL)
    {
      *snippet_hits = g_array_new (FALSE, FALSE, sizeof (CharterTextRange));
      for (guint i = 0; hits != NULL && i < hits->len; i++)
        {
          CharterTextRange hit = g_array_index (hits, CharterTextRange, i);

          if (hit.start < from || hit.start >= to)
            continue;
          hit.end = MIN (hit.end, to);
          hit.start = hit.start - from + lead;
          hit.end = hit.end - from + lead;
          g_array_append_val (*snippet_hits, hit);
        }
    }

  return g_string_free (snippet, FALSE);
}
