/* charter-generate.c
 *
 * A synthetic knowledge base that costs what a real one costs to load: the
 * same shape (a topic tree, principles, documents of very unequal length
 * whose Markdown bodies are full of links), a long-tailed vocabulary drawn
 * with Zipf's law so that string and hash table work sees the repetition a
 * real corpus has, about a tenth of the text in Chinese so that multi-byte
 * UTF-8 is on the hot path, and strings that need escaping. Everything is
 * drawn from one GRand, so a seed and a document count name a file exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-generate"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "charter-generate.h"
#include "charter-generate-hanzi.h"

/* Enough distinct words that a search index or an interning table meets the
 * long tail a real corpus has; 1.07 is the exponent measured on English text.
 */
#define N_LATIN_WORDS  60000
#define N_HANZI_WORDS  20000
#define ZIPF_EXPONENT  1.07

#define N_TOPICS       50
#define N_ROOT_TOPICS  6
#define N_PRINCIPLES   20
#define N_PUBLISHERS   40

/* Body lengths are log-normal, as document lengths in real collections are:
 * most of a few kilobytes, a long tail of long ones. These give about 5 KB
 * per document on average, all fields included, with some under 1 KB and a
 * few near 40 KB.
 */
#define BODY_MEDIAN    3130.0
#define BODY_SIGMA     0.75
#define BODY_MIN       400
#define BODY_MAX       (44 * 1024)

/* A few documents are written in Chinese, and English ones now and then
 * quote a Chinese paragraph: together about a tenth of the text.
 */
#define CHINESE_DOCUMENTS       0.06
#define CHINESE_IN_CHINESE_DOC  0.85
#define CHINESE_IN_ENGLISH_DOC  0.095

/* Hard-wrapped Markdown puts a newline (an escape in JSON) every line. */
#define WRAPPED_DOCUMENTS       30
#define WRAP_COLUMN             72

/* JSON is handed to stdio in pieces of about this size. */
#define FLUSH_SIZE     (1024 * 1024)

#define PICK(rand, array) \
  ((array)[g_rand_int_range ((rand), 0, (gint32) G_N_ELEMENTS (array))])

typedef struct
{
  const char *text;
  gsize       length;
} Word;

/* Bits of a draw that index the guide table. */
#define GUIDE_BITS 12

typedef struct
{
  /* cdf[i] is P(rank <= i) scaled to 2^32: one g_rand_int() per draw. */
  guint32 *cdf;
  /* guide[k] is the first rank a draw with top bits k can give: the binary
   * search starts from at most a few hundred ranks instead of all of them
   * and stays in cache, which takes a third off the generator's CPU time.
   */
  guint   *guide;
  guint    n;
} Zipf;

typedef struct
{
  Word    *words;
  Zipf     zipf;
} Vocabulary;

typedef struct
{
  const char *name;
  const char *domain;
} Publisher;

typedef struct
{
  GRand        *rand;
  GStringChunk *strings;
  Vocabulary    latin;
  Vocabulary    hanzi;
  Publisher     publishers[N_PUBLISHERS];
  guint32       first_day;
  guint32       n_days;
  guint         n_documents;

  /* The chance that a paragraph of the current document is Chinese. */
  double        chinese;
  gboolean      wrap;
  gsize         line_start;

  /* The field being composed, not yet escaped. */
  GString      *text;
  GString      *scratch;
  /* JSON not yet handed to the file. */
  GString      *out;
  FILE         *file;
  int           saved_errno;
} Generator;

static const char * const onsets[] = {
  "", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "l", "m", "m", "n", "n", "p", "r", "r",
  "s", "s", "t", "t", "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "sk",
  "sp", "st", "th", "tr", "qu",
};

static const char * const nuclei[] = {
  "a", "a", "e", "e", "i", "o", "o", "u", "y", "ai", "au", "ea", "ee", "ie", "oa", "oo", "ou",
};

/* Loanwords and names bring the odd diacritic into English text. */
static const char * const accented_nuclei[] = { "é", "è", "á", "ö", "ü", "ø", "å" };

static const char * const codas[] = {
  "", "", "", "", "n", "n", "r", "s", "l", "m", "t", "d", "k", "nd", "st", "rk", "ng", "nt", "x",
};

static void
zipf_init (Zipf   *zipf,
           guint   n,
           double  exponent)
{
  double total = 0.0;
  double sum = 0.0;
  guint rank = 0;

  zipf->n = n;
  zipf->cdf = g_new (guint32, n);
  zipf->guide = g_new (guint, (1 << GUIDE_BITS) + 1);

  for (guint i = 0; i < n; i++)
    total += pow (i + 1, -exponent);

  for (guint i = 0; i < n; i++)
    {
      double scaled;

      sum += pow (i + 1, -exponent);
      scaled = sum / total * 4294967296.0;
      zipf->cdf[i] = scaled >= 4294967295.0 ? G_MAXUINT32 : (guint32) scaled;
    }

  /* Rounding must not leave the top of the range to nobody. */
  zipf->cdf[n - 1] = G_MAXUINT32;

  for (guint k = 0; k < (1 << GUIDE_BITS); k++)
    {
      guint32 bucket_start = (guint32) k << (32 - GUIDE_BITS);

      while (zipf->cdf[rank] <= bucket_start)
        rank++;
      zipf->guide[k] = rank;
    }
  zipf->guide[1 << GUIDE_BITS] = n - 1;
}

static void
zipf_clear (Zipf *zipf)
{
  g_clear_pointer (&zipf->cdf, g_free);
  g_clear_pointer (&zipf->guide, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Zipf, zipf_clear)

/* Returns the first rank whose cumulative share exceeds a uniform draw. */
static guint
zipf_draw (const Zipf *zipf,
           GRand      *rand)
{
  guint32 r = g_rand_int (rand);
  guint k = r >> (32 - GUIDE_BITS);
  guint lo = zipf->guide[k];
  guint hi = zipf->guide[k + 1];

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (zipf->cdf[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

static const Word *
draw (Generator        *gen,
      const Vocabulary *vocabulary)
{
  return &vocabulary->words[zipf_draw (&vocabulary->zipf, gen->rand)];
}

static guint
range (Generator *gen,
       guint      min,
       guint      max)
{
  return (guint) g_rand_int_range (gen->rand, (gint32) min, (gint32) max + 1);
}

static gboolean
chance (Generator *gen,
        guint      percent)
{
  return (guint) g_rand_int_range (gen->rand, 0, 100) < percent;
}

static guint
syllables_for_rank (Generator *gen,
                    guint      rank)
{
  /* Frequent words are short, as in every natural language. */
  if (rank < 150)
    return 1;
  if (rank < 2000)
    return range (gen, 1, 2);
  if (rank < 15000)
    return range (gen, 2, 3);
  return range (gen, 2, 4);
}

static void
build_latin (Generator *gen)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) word = g_string_new (NULL);
  Vocabulary *v = &gen->latin;

  zipf_init (&v->zipf, N_LATIN_WORDS, ZIPF_EXPONENT);
  v->words = g_new (Word, N_LATIN_WORDS);

  for (guint rank = 0; rank < N_LATIN_WORDS; rank++)
    {
      guint n_syllables = syllables_for_rank (gen, rank);
      const char *text;

      /* Every rank must be a different word, or the distribution is not
       * the one asked for.
       */
      do
        {
          g_string_truncate (word, 0);
          for (guint i = 0; i < n_syllables; i++)
            {
              g_string_append (word, PICK (gen->rand, onsets));
              if (g_rand_int_range (gen->rand, 0, 60) == 0)
                g_string_append (word, PICK (gen->rand, accented_nuclei));
              else
                g_string_append (word, PICK (gen->rand, nuclei));
              g_string_append (word, PICK (gen->rand, codas));
            }
        }
      while (g_hash_table_contains (seen, word->str));

      text = g_string_chunk_insert_len (gen->strings, word->str, (gssize) word->len);
      g_hash_table_add (seen, (gpointer) text);
      v->words[rank].text = text;
      v->words[rank].length = word->len;
    }
}

static guint
hanzi_for_rank (Generator *gen,
                guint      rank)
{
  guint roll;

  /* Common Chinese words are one or two characters; rarer ones, longer. */
  if (rank < 30)
    return 1;
  if (rank < 300)
    return range (gen, 1, 2);

  roll = range (gen, 0, 99);
  if (roll < 65)
    return 2;
  if (roll < 88)
    return 3;
  return 4;
}

static void
build_hanzi (Generator *gen)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree const char **characters = NULL;
  g_auto(Zipf) character_zipf = { 0 };
  guint n_characters = (sizeof charter_generate_hanzi - 1) / 3;
  Vocabulary *v = &gen->hanzi;

  /* Every character of the table is three bytes long: see the header. */
  g_assert ((sizeof charter_generate_hanzi - 1) % 3 == 0);

  characters = g_new (const char *, n_characters);
  for (guint i = 0; i < n_characters; i++)
    characters[i] = charter_generate_hanzi + 3 * i;

  /* The table is in pinyin order; ranks in that order would make the most
   * frequent characters all begin with "a".
   */
  for (guint i = n_characters - 1; i > 0; i--)
    {
      guint j = range (gen, 0, i);
      const char *swap = characters[i];

      characters[i] = characters[j];
      characters[j] = swap;
    }

  zipf_init (&character_zipf, n_characters, ZIPF_EXPONENT);
  zipf_init (&v->zipf, N_HANZI_WORDS, ZIPF_EXPONENT);
  v->words = g_new (Word, N_HANZI_WORDS);

  for (guint rank = 0; rank < N_HANZI_WORDS; rank++)
    {
      guint length = hanzi_for_rank (gen, rank);
      const char *text;

      do
        {
          g_string_truncate (word, 0);
          for (guint i = 0; i < length; i++)
            g_string_append_len (word,
                                 characters[zipf_draw (&character_zipf, gen->rand)],
                                 3);
        }
      while (g_hash_table_contains (seen, word->str));

      text = g_string_chunk_insert_len (gen->strings, word->str, (gssize) word->len);
      g_hash_table_add (seen, (gpointer) text);
      v->words[rank].text = text;
      v->words[rank].length = word->len;
    }
}

/* A word of the long tail: frequent words make poor names. */
static const Word *
rare_word (Generator *gen)
{
  return &gen->latin.words[range (gen, 200, gen->latin.zipf.n - 1)];
}

static void
append_capitalized (GString    *string,
                    const Word *word)
{
  if (g_ascii_islower (word->text[0]))
    {
      g_string_append_c (string, g_ascii_toupper (word->text[0]));
      g_string_append_len (string, word->text + 1, (gssize) word->length - 1);
    }
  else
    g_string_append_len (string, word->text, (gssize) word->length);
}

static void
build_publishers (Generator *gen)
{
  static const char * const tlds[] = { "org", "com", "net", "org", "info" };
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) domain = g_string_new (NULL);

  for (guint i = 0; i < N_PUBLISHERS; i++)
    {
      const Word *first = rare_word (gen);
      const Word *second = rare_word (gen);

      g_string_truncate (name, 0);
      g_string_truncate (domain, 0);

      switch (range (gen, 0, 6))
        {
        case 0:
          g_string_append (name, "The ");
          append_capitalized (name, first);
          g_string_append (name, " Review");
          break;

        case 1:
          append_capitalized (name, first);
          g_string_append_c (name, ' ');
          append_capitalized (name, second);
          g_string_append (name, " Institute");
          break;

        case 2:
          append_capitalized (name, first);
          g_string_append (name, " University Press");
          break;

        case 3:
          g_string_append (name, "Journal of ");
          append_capitalized (name, first);
          g_string_append (name, " Studies");
          break;

        case 4:
          append_capitalized (name, first);
          g_string_append (name, " & ");
          append_capitalized (name, second);
          break;

        case 5:
          /* Some sources are Chinese: a press, a daily. */
          for (guint k = range (gen, 1, 2); k > 0; k--)
            g_string_append (name, draw (gen, &gen->hanzi)->text);
          g_string_append (name, chance (gen, 50) ? "出版社" : "日报");
          break;

        default:
          append_capitalized (name, first);
          g_string_append (name, " Daily");
          break;
        }

      /* Host names are ASCII: the diacritics of a name are dropped. */
      for (const char *c = first->text; *c; c++)
        if (g_ascii_isalpha (*c))
          g_string_append_c (domain, *c);
      if (domain->len < 3)
        g_string_append_printf (domain, "press%u", i);
      g_string_append_printf (domain, ".%s", PICK (gen->rand, tlds));

      gen->publishers[i].name = g_string_chunk_insert (gen->strings, name->str);
      gen->publishers[i].domain = g_string_chunk_insert (gen->strings, domain->str);
    }
}

static void
generator_init (Generator *gen,
                guint      n_documents,
                guint32    seed)
{
  GDate date;

  gen->rand = g_rand_new_with_seed (seed);
  gen->strings = g_string_chunk_new (64 * 1024);
  gen->n_documents = n_documents;
  gen->text = g_string_sized_new (64 * 1024);
  gen->scratch = g_string_sized_new (256);
  gen->out = g_string_sized_new (FLUSH_SIZE + 128 * 1024);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1990);
  gen->first_day = g_date_get_julian (&date);
  g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 2024);
  gen->n_days = g_date_get_julian (&date) - gen->first_day + 1;

  build_latin (gen);
  build_hanzi (gen);
  build_publishers (gen);
}

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_pointer (&gen->strings, g_string_chunk_free);
  g_clear_pointer (&gen->latin.words, g_free);
  zipf_clear (&gen->latin.zipf);
  g_clear_pointer (&gen->hanzi.words, g_free);
  zipf_clear (&gen->hanzi.zipf);
  if (gen->text != NULL)
    g_string_free (g_steal_pointer (&gen->text), TRUE);
  if (gen->scratch != NULL)
    g_string_free (g_steal_pointer (&gen->scratch), TRUE);
  if (gen->out != NULL)
    g_string_free (g_steal_pointer (&gen->out), TRUE);
  if (gen->file != NULL)
    fclose (g_steal_pointer (&gen->file));
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Generator, generator_clear)

static void
newline (Generator *gen)
{
  g_string_append_c (gen->text, '\n');
  gen->line_start = gen->text->len;
}

static void
append_space (Generator *gen)
{
  if (gen->wrap && gen->text->len - gen->line_start >= WRAP_COLUMN)
    newline (gen);
  else
    g_string_append_c (gen->text, ' ');
}

static void
append_word (Generator *gen,
             gboolean   capital)
{
  const Word *word = draw (gen, &gen->latin);

  if (capital)
    append_capitalized (gen->text, word);
  else
    g_string_append_len (gen->text, word->text, (gssize) word->length);
}

static void
append_words (Generator *gen,
              guint      n,
              gboolean   capitals)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (gen->text, ' ');
      append_word (gen, capitals);
    }
}

static void
append_hanzi_words (Generator *gen,
                    guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      const Word *word = draw (gen, &gen->hanzi);

      g_string_append_len (gen->text, word->text, (gssize) word->length);
    }
}

static void
append_kb_link (Generator *gen,
                gboolean   chinese)
{
  GString *t = gen->text;
  guint roll = range (gen, 0, 9);

  g_string_append_c (t, '[');
  if (chinese)
    append_hanzi_words (gen, range (gen, 1, 3));
  else
    append_words (gen, range (gen, 1, 3), FALSE);
  g_string_append (t, "](kb:");

  /* Mostly other documents; now and then the topic or principle a passage
   * is about. Every target exists: a dangling link is a warning, and the
   * generated file must load clean.
   */
  if (roll < 8 && gen->n_documents > 0)
    g_string_append_printf (t, "doc-%u)", range (gen, 0, gen->n_documents - 1));
  else if (roll < 9)
    g_string_append_printf (t, "topic-%u)", range (gen, 0, N_TOPICS - 1));
  else
    g_string_append_printf (t, "principle-%u)", range (gen, 0, N_PRINCIPLES - 1));
}

static void
append_web_link (Generator *gen)
{
  const Publisher *publisher = &gen->publishers[range (gen, 0, N_PUBLISHERS - 1)];

  g_string_append_c (gen->text, '[');
  append_words (gen, range (gen, 1, 4), FALSE);
  g_string_append_printf (gen->text, "](https://www.%s/%s/%s-%s)", publisher->domain,
                          rare_word (gen)->text, rare_word (gen)->text, rare_word (gen)->text);
}

/* Code spans are where real text has quotes and backslashes. */
static void
append_code_span (Generator *gen)
{
  const char *a = draw (gen, &gen->latin)->text;
  const char *b = draw (gen, &gen->latin)->text;

  switch (range (gen, 0, 5))
    {
    case 0:
      g_string_append_printf (gen->text, "`%s_%s()`", a, b);
      break;

    case 1:
      g_string_append_printf (gen->text, "`%s.%s`", a, b);
      break;

    case 2:
      g_string_append_printf (gen->text, "`--%s-%s`", a, b);
      break;

    case 3:
      g_string_append_printf (gen->text, "`\"%s %s\"`", a, b);
      break;

    case 4:
      g_string_append_printf (gen->text, "`C:\\%s\\%s`", a, b);
      break;

    default:
      g_string_append_printf (gen->text, "`%s\\n`", a);
      break;
    }
}

static void
append_number (Generator *gen)
{
  switch (range (gen, 0, 2))
    {
    case 0:
      g_string_append_printf (gen->text, "%u", range (gen, 1900, 2024));
      break;

    case 1:
      g_string_append_printf (gen->text, "%u%%", range (gen, 1, 99));
      break;

    default:
      g_string_append_printf (gen->text, "%u.%u", range (gen, 0, 99), range (gen, 0, 9));
      break;
    }
}

static void
append_sentence (Generator *gen,
                 guint      min_words,
                 guint      max_words,
                 gboolean   markup)
{
  GString *t = gen->text;
  guint n = range (gen, min_words, max_words);
  guint roll;

  append_word (gen, TRUE);
  for (guint i = 1; i < n; i++)
    {
      /* One draw decides both the comma and the kind of word: the hot loop
       * of the generator.
       */
      guint32 r = g_rand_int (gen->rand);

      if ((r >> 16) % 100 < 7)
        g_string_append_c (t, ',');
      append_space (gen);

      roll = markup ? r % 1000 : 1000;
      if (roll < 6)
        append_kb_link (gen, FALSE);
      else if (roll < 9)
        append_web_link (gen);
      else if (roll < 21)
        {
          g_string_append_c (t, '*');
          append_words (gen, range (gen, 1, 3), FALSE);
          g_string_append_c (t, '*');
        }
      else if (roll < 27)
        {
          g_string_append (t, "**");
          append_words (gen, range (gen, 1, 2), FALSE);
          g_string_append (t, "**");
        }
      else if (roll < 33)
        append_code_span (gen);
      else if (roll < 38)
        {
          g_string_append_c (t, '"');
          append_words (gen, range (gen, 1, 4), FALSE);
          g_string_append_c (t, '"');
        }
      else if (roll < 48)
        append_number (gen);
      else
        append_word (gen, FALSE);
    }

  roll = range (gen, 0, 99);
  g_string_append_c (t, roll < 90 ? '.' : roll < 96 ? '?' : '!');
}

static void
append_chinese_sentence (Generator *gen,
                         guint      min_words,
                         guint      max_words,
                         gboolean   markup)
{
  GString *t = gen->text;
  guint n = range (gen, min_words, max_words);
  guint roll;

  for (guint i = 0; i < n; i++)
    {
      guint32 r = g_rand_int (gen->rand);

      if (i > 0 && (r >> 16) % 100 < 12)
        g_string_append (t, "，");

      roll = markup ? r % 1000 : 1000;
      if (roll < 8)
        append_kb_link (gen, TRUE);
      else if (roll < 18)
        {
          g_string_append (t, "**");
          append_hanzi_words (gen, 1);
          g_string_append (t, "**");
        }
      else if (roll < 30)
        {
          /* Chinese technical text keeps English terms, set off by spaces. */
          if (i > 0)
            g_string_append_c (t, ' ');
          append_word (gen, FALSE);
          g_string_append_c (t, ' ');
        }
      else
        append_hanzi_words (gen, 1);
    }

  roll = range (gen, 0, 99);
  g_string_append (t, roll < 85 ? "。" : roll < 95 ? "？" : "！");
}

static void
append_item (Generator *gen,
             gboolean   chinese,
             guint      min_words,
             guint      max_words)
{
  if (chinese)
    append_chinese_sentence (gen, min_words, max_words, TRUE);
  else
    append_sentence (gen, min_words, max_words, TRUE);
}

static void
append_paragraph (Generator *gen,
                  gboolean   chinese)
{
  guint n = range (gen, 2, 6);

  for (guint i = 0; i < n; i++)
    {
      if (chinese)
        append_chinese_sentence (gen, 6, 24, TRUE);
      else
        {
          if (i > 0)
            append_space (gen);
          append_sentence (gen, 5, 24, TRUE);
        }
    }
}

static void
append_heading (Generator *gen,
                gboolean   chinese)
{
  g_string_append (gen->text, chance (gen, 15) ? "### " : "## ");
  if (chinese)
    append_hanzi_words (gen, range (gen, 2, 4));
  else
    append_words (gen, range (gen, 2, 6), TRUE);
}

static void
append_list (Generator *gen,
             gboolean   chinese,
             gboolean   numbered)
{
  /* Nine at most, so that every marker is two characters wide and the
   * nested lists' three-space indent stays right.
   */
  guint n = range (gen, 2, numbered ? 9 : 7);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        newline (gen);
      if (numbered)
        g_string_append_printf (gen->text, "%u. ", i + 1);
      else
        g_string_append (gen->text, "- ");
      append_item (gen, chinese, 3, 16);

      if (chance (gen, 20))
        {
          for (guint j = range (gen, 2, 4); j > 0; j--)
            {
              newline (gen);
              g_string_append (gen->text, numbered ? "   - " : "  - ");
              append_item (gen, chinese, 2, 10);
            }
        }
    }
}

static void
append_quote (Generator *gen,
              gboolean   chinese)
{
  g_string_append (gen->text, "> ");
  append_item (gen, chinese, 5, 20);

  if (chance (gen, 25))
    {
      newline (gen);
      g_string_append (gen->text, ">");
      newline (gen);
      g_string_append (gen->text, "> ");
      append_item (gen, chinese, 5, 20);
    }

  if (chance (gen, 30))
    {
      newline (gen);
      g_string_append (gen->text, ">");
      newline (gen);
      g_string_append (gen->text, "> — ");
      append_words (gen, 2, TRUE);
    }
}

/* Code is where tabs (control characters in JSON) show up. */
static void
append_code_block (Generator *gen)
{
  static const char * const languages[] = { "", "", "c", "python", "sh", "json" };
  GString *t = gen->text;

  g_string_append_printf (t, "```%s", PICK (gen->rand, languages));
  for (guint i = range (gen, 2, 8); i > 0; i--)
    {
      const char *a = draw (gen, &gen->latin)->text;
      const char *b = draw (gen, &gen->latin)->text;

      newline (gen);
      switch (range (gen, 0, 4))
        {
        case 0:
          g_string_append_printf (t, "\t%s_%s (%s, \"%s\");", a, b, b, a);
          break;

        case 1:
          g_string_append_printf (t, "if (%s != NULL)\n\t\treturn \"%s\\n\";", a, b);
          break;

        case 2:
          g_string_append_printf (t, "{\"%s\": \"%s\", \"count\": %u}", a, b, range (gen, 0, 999));
          break;

        case 3:
          g_string_append_printf (t, "%s = \"C:\\\\%s\\\\%s\"", a, b, a);
          break;

        default:
          g_string_append_printf (t, "# %s %s", a, b);
          break;
        }
    }
  newline (gen);
  g_string_append (t, "```");
}

static gsize
body_target (Generator *gen)
{
  /* Box–Muller: one standard normal deviate from two uniform ones. */
  double u1 = 1.0 - g_rand_double (gen->rand);
  double u2 = g_rand_double (gen->rand);
  double z = sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
  double size = BODY_MEDIAN * exp (BODY_SIGMA * z);

  return (gsize) CLAMP (size, BODY_MIN, BODY_MAX);
}

static void
compose_body (Generator *gen)
{
  gsize target = body_target (gen);
  guint since_heading = 1;

  g_string_truncate (gen->text, 0);
  gen->line_start = 0;
  gen->wrap = chance (gen, WRAPPED_DOCUMENTS);

  append_paragraph (gen, g_rand_double (gen->rand) < gen->chinese);
  while (gen->text->len < target)
    {
      gboolean chinese = g_rand_double (gen->rand) < gen->chinese;
      guint roll = range (gen, 0, 99);

      newline (gen);
      newline (gen);

      if (since_heading >= 2 && roll < 20)
        {
          append_heading (gen, chinese);
          since_heading = 0;
          continue;
        }

      since_heading++;
      if (roll < 60)
        append_paragraph (gen, chinese);
      else if (roll < 72)
        append_list (gen, chinese, FALSE);
      else if (roll < 81)
        append_list (gen, chinese, TRUE);
      else if (roll < 90)
        append_quote (gen, chinese);
      else if (roll < 94)
        append_code_block (gen);
      else
        append_paragraph (gen, chinese);
    }
  newline (gen);

  gen->wrap = FALSE;
}

static void
compose_title (Generator *gen,
               gboolean   chinese,
               guint      min_words,
               guint      max_words)
{
  g_string_truncate (gen->text, 0);
  if (chinese)
    append_hanzi_words (gen, range (gen, min_words, max_words));
  else
    append_words (gen, range (gen, min_words, max_words), TRUE);
}

static void
compose_summary (Generator *gen,
                 gboolean   chinese)
{
  guint n = range (gen, 1, 2);

  g_string_truncate (gen->text, 0);
  for (guint i = 0; i < n; i++)
    {
      if (chinese)
        append_chinese_sentence (gen, 6, 18, FALSE);
      else
        {
          if (i > 0)
            g_string_append_c (gen->text, ' ');
          append_sentence (gen, 8, 22, FALSE);
        }
    }
}

/* RFC 8259 escaping. Runs of plain bytes are copied in one piece; the
 * text is valid UTF-8 by construction, so multi-byte sequences pass as is.
 */
static void
append_json_string (GString    *out,
                    const char *s,
                    gsize       length)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = s;
  const char *end = s + length;

  g_string_append_c (out, '"');
  for (const char *p = s; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;

        case '\\':
          g_string_append (out, "\\\\");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        case '\t':
          g_string_append (out, "\\t");
          break;

        case '\r':
          g_string_append (out, "\\r");
          break;

        case '\b':
          g_string_append (out, "\\b");
          break;

        case '\f':
          g_string_append (out, "\\f");
          break;

        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

/* Writes `"name": "…"` from the composed text, then a comma unless @last. */
static void
write_text_member (Generator  *gen,
                   const char *indent,
                   const char *name,
                   gboolean    last)
{
  g_string_append_printf (gen->out, "%s\"%s\": ", indent, name);
  append_json_string (gen->out, gen->text->str, gen->text->len);
  g_string_append (gen->out, last ? "\n" : ",\n");
}

/* Writes `"name": ["prefix-N", …],` with @n distinct numbers below @limit,
 * the low ones more often: some topics are much busier than others.
 */
static void
write_id_list (Generator  *gen,
               const char *name,
               const char *prefix,
               guint       n,
               guint       limit)
{
  guint chosen[3];

  g_assert (n <= G_N_ELEMENTS (chosen) && n <= limit);

  g_string_append_printf (gen->out, "      \"%s\": [", name);
  for (guint i = 0; i < n; i++)
    {
      gboolean taken;

      do
        {
          double u = g_rand_double (gen->rand) * g_rand_double (gen->rand);

          chosen[i] = MIN ((guint) (u * limit), limit - 1);
          taken = FALSE;
          for (guint j = 0; j < i; j++)
            taken |= chosen[j] == chosen[i];
        }
      while (taken);

      g_string_append_printf (gen->out, "%s\"%s-%u\"", i > 0 ? ", " : "", prefix, chosen[i]);
    }
  g_string_append (gen->out, "],\n");
}

static void
write_header (Generator *gen,
              guint32    seed)
{
  g_string_append_printf (gen->out,
                          "{\n"
                          "  \"charter-format\": 1,\n"
                          "  \"id\": \"synthetic-%u\",\n"
                          "  \"title\": \"Synthetic knowledge base: %u documents, seed %u\",\n"
                          "  \"language\": \"en\",\n",
                          seed, gen->n_documents, seed);

  g_string_assign (gen->text,
                   "Written by charter-generate for benchmarks and tests. The words are "
                   "pronounceable nonsense drawn with Zipf’s law; about a tenth of the "
                   "text is Chinese.");
  write_text_member (gen, "  ", "description", FALSE);
}

static void
write_topics (Generator *gen)
{
  g_string_append (gen->out, "  \"topics\": [\n");
  for (guint i = 0; i < N_TOPICS; i++)
    {
      g_string_append_printf (gen->out, "    {\n      \"id\": \"topic-%u\",\n", i);
      compose_title (gen, FALSE, 1, 3);
      write_text_member (gen, "      ", "title", FALSE);

      /* Parents come first, so the tree has no cycle; drawing among all
       * earlier topics gives a bushy tree a few levels deep. Roots say
       * "parent": null or nothing at all, as hand-written files do.
       */
      if (i >= N_ROOT_TOPICS)
        g_string_append_printf (gen->out, "      \"parent\": \"topic-%u\",\n",
                                range (gen, 0, i - 1));
      else if (i % 2 == 0)
        g_string_append (gen->out, "      \"parent\": null,\n");

      compose_summary (gen, FALSE);
      write_text_member (gen, "      ", "summary", TRUE);
      g_string_append (gen->out, i + 1 < N_TOPICS ? "    },\n" : "    }\n");
    }
  g_string_append (gen->out, "  ],\n");
}

static void
write_principles (Generator *gen)
{
  g_string_append (gen->out, "  \"principles\": [\n");
  for (guint i = 0; i < N_PRINCIPLES; i++)
    {
      g_string_append_printf (gen->out, "    {\n      \"id\": \"principle-%u\",\n", i);
      compose_title (gen, FALSE, 3, 8);
      write_text_member (gen, "      ", "title", FALSE);
      write_id_list (gen, "topics", "topic", range (gen, 1, 3), N_TOPICS);
      compose_summary (gen, FALSE);
      write_text_member (gen, "      ", "summary", TRUE);
      g_string_append (gen->out, i + 1 < N_PRINCIPLES ? "    },\n" : "    }\n");
    }
  g_string_append (gen->out, "  ],\n");
}

/* A URL path from the title, as news sites make them; Chinese titles,
 * which have no ASCII to take, get a number.
 */
static void
append_slug (GString    *url,
             const char *title,
             guint       n)
{
  gsize start = url->len;

  for (const char *c = title; *c; c++)
    {
      if (g_ascii_isalnum (*c))
        g_string_append_c (url, g_ascii_tolower (*c));
      else if (*c == ' ' && url->len > start && url->str[url->len - 1] != '-')
        g_string_append_c (url, '-');
    }

  if (url->len == start)
    g_string_append_printf (url, "a%u", n);
}

static void
write_document (Generator *gen,
                guint      n)
{
  gboolean chinese = g_rand_double (gen->rand) < CHINESE_DOCUMENTS;
  const Publisher *publisher = &gen->publishers[range (gen, 0, N_PUBLISHERS - 1)];
  GDate date;

  gen->chinese = chinese ? CHINESE_IN_CHINESE_DOC : CHINESE_IN_ENGLISH_DOC;

  g_string_append_printf (gen->out, "    {\n      \"id\": \"doc-%u\",\n", n);
  compose_title (gen, chinese, chinese ? 2 : 3, chinese ? 5 : 9);
  write_text_member (gen, "      ", "title", FALSE);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, gen->first_day + range (gen, 0, gen->n_days - 1));
  g_string_append_printf (gen->out, "      \"date\": \"%04u-%02u-%02u\",\n",
                          g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));

  g_string_printf (gen->scratch, "https://www.%s/%u/", publisher->domain,
                   g_date_get_year (&date));
  append_slug (gen->scratch, gen->text->str, n);
  g_string_append (gen->out, "      \"source\": {\n        \"publisher\": ");
  append_json_string (gen->out, publisher->name, strlen (publisher->name));
  g_string_append (gen->out, ",\n        \"url\": ");
  append_json_string (gen->out, gen->scratch->str, gen->scratch->len);
  g_string_append (gen->out, "\n      },\n");

  write_id_list (gen, "topics", "topic", range (gen, 1, 3), N_TOPICS);
  if (chance (gen, 60))
    write_id_list (gen, "principles", "principle", range (gen, 1, 2), N_PRINCIPLES);

  compose_summary (gen, chinese);
  write_text_member (gen, "      ", "summary", FALSE);
  compose_body (gen);
  write_text_member (gen, "      ", "body", TRUE);

  g_string_append (gen->out, n + 1 < gen->n_documents ? "    },\n" : "    }\n");
}

static void
flush (Generator *gen)
{
  if (gen->saved_errno == 0 && gen->out->len > 0)
    {
      errno = 0;
      if (fwrite (gen->out->str, 1, gen->out->len, gen->file) != gen->out->len)
        gen->saved_errno = errno != 0 ? errno : EIO;
    }

  g_string_truncate (gen->out, 0);
}

/**
 * charter_generate_kb:
 * @path: where to write the knowledge base
 * @n_documents: how many documents it has
 * @seed: the seed of the one GRand everything is drawn from
 * @error: return location for a #GFileError
 *
 * Writes a valid knowledge base of @n_documents documents (and always 50
 * topics and 20 principles), about 5 KB per document. The same arguments
 * write the same bytes. On failure nothing is left at @path.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
charter_generate_kb (const char  *path,
                     guint        n_documents,
                     guint32      seed,
                     GError     **error)
{
  g_auto(Generator) gen = { 0 };
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (n_documents <= G_MAXINT32, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gen.file = g_fopen (path, "wb");
  if (gen.file == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create “%s”: %s", display, g_strerror (saved_errno));
      return FALSE;
    }

  generator_init (&gen, n_documents, seed);

  write_header (&gen, seed);
  write_topics (&gen);
  write_principles (&gen);

  g_string_append (gen.out, n_documents > 0 ? "  \"documents\": [\n" : "  \"documents\": [");
  for (guint i = 0; i < n_documents && gen.saved_errno == 0; i++)
    {
      write_document (&gen, i);
      if (gen.out->len >= FLUSH_SIZE)
        flush (&gen);
    }
  g_string_append (gen.out, n_documents > 0 ? "  ]\n}\n" : "]\n}\n");
  flush (&gen);

  errno = 0;
  if (fclose (g_steal_pointer (&gen.file)) != 0 && gen.saved_errno == 0)
    gen.saved_errno = errno != 0 ? errno : EIO;

  if (gen.saved_errno != 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      /* A truncated knowledge base would only fail later, far from here. */
      g_unlink (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (gen.saved_errno),
                   "Could not write “%s”: %s", display, g_strerror (gen.saved_errno));
      return FALSE;
    }

  return TRUE;
}
