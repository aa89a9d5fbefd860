/* charter-rich-text.c: a CommonMark body as plain text plus styled spans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-rich-text"

#include "config.h"

#include "charter-rich-text.h"

#include <string.h>

#include <cmark.h>

struct _CharterRichText
{
  char         *text;
  guint         length;
  CharterSpan  *spans;
  guint         n_spans;
  /* Owns every span's url; its strings never move once inserted. */
  GStringChunk *urls;
};

/* One list the walk is inside of, innermost last. */
typedef struct
{
  cmark_list_type  type;
  cmark_delim_type delim;
  /* Number of the next item of an ordered list; 64 bits because cmark
   * accepts a start of up to nine digits and a list can be long.
   */
  guint64          number;
} ListState;

/* The state of the single walk over the cmark tree. */
typedef struct
{
  GString      *text;
  /* Length of text in characters, kept as text grows so that no offset is
   * ever computed by scanning the text from its start.
   */
  guint         offset;
  /* A block has ended: the next character starts a new line. The newline is
   * written only when more text follows, so the text never ends in one and
   * blocks without text never leave a blank line behind.
   */
  gboolean      separate;
  GArray       *spans;
  /* Indices into spans of the container nodes entered but not yet exited. */
  GArray       *open;
  GArray       *lists;
  guint         quote_depth;
  GStringChunk *urls;
} Builder;

static const char thematic_break_text[] = "\u2015\u2015\u2015";

G_DEFINE_BOXED_TYPE (CharterRichText, charter_rich_text,
                     charter_rich_text_ref, charter_rich_text_unref)

/* The offset the next appended character will have, counting the newline
 * that a pending block separation will write first.
 */
static guint
next_offset (Builder *builder)
{
  if (builder->separate && builder->text->len > 0)
    return builder->offset + 1;

  return builder->offset;
}

static void
append_text (Builder    *builder,
             const char *chunk,
             gsize       length)
{
  if (chunk == NULL || length == 0)
    return;

  if (builder->separate)
    {
      if (builder->text->len > 0)
        {
          g_string_append_c (builder->text, '\n');
          builder->offset++;
        }
      builder->separate = FALSE;
    }

  /* cmark passes bytes through as they came, and the text goes into a
   * GtkTextBuffer, which rejects invalid UTF-8. Checking each chunk keeps
   * the whole walk linear; cmark only splits text at ASCII characters, so
   * a valid character is never cut in two.
   */
  if (G_LIKELY (g_utf8_validate (chunk, (gssize) length, NULL)))
    {
      g_string_append_len (builder->text, chunk, (gssize) length);
      builder->offset += (guint) g_utf8_strlen (chunk, (gssize) length);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (chunk, (gssize) length);

      g_string_append (builder->text, valid);
      builder->offset += (guint) g_utf8_strlen (valid, -1);
    }
}

static void
append_literal (Builder    *builder,
                cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);

  if (literal != NULL)
    append_text (builder, literal, strlen (literal));
}

/* Code and HTML blocks end in the newline of their last line, and a fence
 * may also keep blank lines before its end: either would become a blank
 * line between blocks, or a newline at the end of the text.
 */
static void
append_block_literal (Builder    *builder,
                      cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);
  gsize length;

  if (literal == NULL)
    return;

  length = strlen (literal);
  while (length > 0 && (literal[length - 1] == '\n' || literal[length - 1] == '\r'))
    length--;

  append_text (builder, literal, length);
}

/* Returns the index of the new span, whose end is set by close_span(). */
static guint
open_span (Builder         *builder,
           CharterSpanKind  kind,
           guint            level)
{
  CharterSpan span = { 0, };

  span.kind = kind;
  span.start = next_offset (builder);
  span.end = span.start;
  span.level = level;
  g_array_append_val (builder->spans, span);

  return builder->spans->len - 1;
}

static void
close_span (Builder *builder,
            guint    index)
{
  CharterSpan *span = &g_array_index (builder->spans, CharterSpan, index);

  /* A span whose node produced no text keeps end == start, or even
   * end < start when it was opened before a separation that never got
   * written; finish() drops both.
   */
  span->end = builder->offset;
}

static void
push_span (Builder         *builder,
           CharterSpanKind  kind,
           guint            level)
{
  guint index = open_span (builder, kind, level);

  g_array_append_val (builder->open, index);
}

/* cmark_iter pairs every enter of a container with its exit, so the span
 * on top is always the one of the node being exited.
 */
static void
pop_span (Builder *builder)
{
  guint index;

  g_return_if_fail (builder->open->len > 0);

  index = g_array_index (builder->open, guint, builder->open->len - 1);
  g_array_set_size (builder->open, builder->open->len - 1);
  close_span (builder, index);
}

static void
push_link (Builder    *builder,
           cmark_node *node)
{
  const char *url = cmark_node_get_url (node);
  CharterSpan *span;

  push_span (builder, CHARTER_SPAN_LINK, 0);
  span = &g_array_index (builder->spans, CharterSpan, builder->spans->len - 1);

  if (url == NULL)
    url = "";

  if (g_utf8_validate (url, -1, NULL))
    {
      span->url = g_string_chunk_insert_const (builder->urls, url);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (url, -1);

      span->url = g_string_chunk_insert_const (builder->urls, valid);
    }
}

static void
enter_list (Builder    *builder,
            cmark_node *node)
{
  ListState list;

  list.type = cmark_node_get_list_type (node);
  list.delim = cmark_node_get_list_delim (node);
  list.number = (guint64) MAX (cmark_node_get_list_start (node), 0);
  g_array_append_val (builder->lists, list);
}

static void
enter_item (Builder *builder)
{
  ListState *list = NULL;
  guint depth = builder->lists->len;
  char marker[32];
  CharterSpan *span;

  if (depth > 0)
    list = &g_array_index (builder->lists, ListState, depth - 1);

  if (list != NULL && list->type == CMARK_ORDERED_LIST)
    {
      g_snprintf (marker, sizeof marker, "%" G_GUINT64_FORMAT "%c ",
                  list->number, list->delim == CMARK_PAREN_DELIM ? ')' : '.');
      list->number++;
    }
  else
    {
      /* The bullet changes with depth so that a nested item reads as one
       * even where the view indents little.
       */
      g_strlcpy (marker,
                 depth <= 1 ? "\u2022 " : depth == 2 ? "\u25E6 " : "\u25AA ",
                 sizeof marker);
    }

  push_span (builder, CHARTER_SPAN_LIST_ITEM, MAX (depth, 1));
  append_text (builder, marker, strlen (marker));

  span = &g_array_index (builder->spans, CharterSpan, builder->spans->len - 1);
  span->marker_length = builder->offset - span->start;
}

static void
enter_node (Builder    *builder,
            cmark_node *node)
{
  guint index;

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_BLOCK_QUOTE:
      builder->quote_depth++;
      push_span (builder, CHARTER_SPAN_BLOCK_QUOTE, builder->quote_depth);
      break;

    case CMARK_NODE_LIST:
      enter_list (builder, node);
      break;

    case CMARK_NODE_ITEM:
      enter_item (builder);
      break;

    case CMARK_NODE_PARAGRAPH:
      push_span (builder, CHARTER_SPAN_PARAGRAPH, 0);
      break;

    case CMARK_NODE_HEADING:
      push_span (builder, CHARTER_SPAN_HEADING,
                 (guint) CLAMP (cmark_node_get_heading_level (node), 1, 6));
      break;

    case CMARK_NODE_CODE_BLOCK:
      index = open_span (builder, CHARTER_SPAN_CODE_BLOCK, 0);
      append_block_literal (builder, node);
      close_span (builder, index);
      builder->separate = TRUE;
      break;

    case CMARK_NODE_HTML_BLOCK:
      /* Never interpreted: a reader sees the markup as it was written, set
       * apart like any other paragraph.
       */
      index = open_span (builder, CHARTER_SPAN_PARAGRAPH, 0);
      append_block_literal (builder, node);
      close_span (builder, index);
      builder->separate = TRUE;
      break;

    case CMARK_NODE_THEMATIC_BREAK:
      index = open_span (builder, CHARTER_SPAN_THEMATIC_BREAK, 0);
      append_text (builder, thematic_break_text, strlen (thematic_break_text));
      close_span (builder, index);
      builder->separate = TRUE;
      break;

    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      append_literal (builder, node);
      break;

    case CMARK_NODE_SOFTBREAK:
      append_text (builder, " ", 1);
      break;

    case CMARK_NODE_LINEBREAK:
      append_text (builder, "\n", 1);
      break;

    case CMARK_NODE_CODE:
      index = open_span (builder, CHARTER_SPAN_CODE, 0);
      append_literal (builder, node);
      close_span (builder, index);
      break;

    case CMARK_NODE_EMPH:
      push_span (builder, CHARTER_SPAN_EMPHASIS, 0);
      break;

    case CMARK_NODE_STRONG:
      push_span (builder, CHARTER_SPAN_STRONG, 0);
      break;

    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      /* An image cannot be shown inline in the text, so its alt text stands
       * in for it and leads to the image.
       */
      push_link (builder, node);
      break;

    case CMARK_NODE_NONE:
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_CUSTOM_INLINE:
    default:
      break;
    }
}

static void
exit_node (Builder    *builder,
           cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_BLOCK_QUOTE:
      pop_span (builder);
      builder->quote_depth--;
      builder->separate = TRUE;
      break;

    case CMARK_NODE_LIST:
      if (builder->lists->len > 0)
        g_array_set_size (builder->lists, builder->lists->len - 1);
      builder->separate = TRUE;
      break;

    case CMARK_NODE_ITEM:
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      pop_span (builder);
      builder->separate = TRUE;
      break;

    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
      pop_span (builder);
      break;

    case CMARK_NODE_CUSTOM_BLOCK:
      builder->separate = TRUE;
      break;

    case CMARK_NODE_NONE:
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
    case CMARK_NODE_TEXT:
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_CODE:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_CUSTOM_INLINE:
    default:
      break;
    }
}

static void
clear_rich_text (gpointer data)
{
  CharterRichText *self = data;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->spans, g_free);
  g_clear_pointer (&self->urls, g_string_chunk_free);
}

/* Spans were added when their node was entered, so they are already in
 * document order: by start, and an enclosing span before the spans inside
 * it. Dropping the empty ones keeps that order.
 */
static CharterRichText *
finish (Builder *builder)
{
  CharterRichText *self = g_atomic_rc_box_new0 (CharterRichText);
  guint n_spans = 0;

  for (guint i = 0; i < builder->spans->len; i++)
    {
      const CharterSpan *span = &g_array_index (builder->spans, CharterSpan, i);

      if (span->start < span->end)
        g_array_index (builder->spans, CharterSpan, n_spans++) = *span;
    }
  g_array_set_size (builder->spans, n_spans);

  self->length = builder->offset;
  self->text = g_string_free (g_steal_pointer (&builder->text), FALSE);
  self->n_spans = n_spans;
  self->spans = (CharterSpan *) g_array_free (g_steal_pointer (&builder->spans), FALSE);
  self->urls = g_steal_pointer (&builder->urls);

  return self;
}

/**
 * charter_rich_text_new_from_markdown:
 * @markdown: a CommonMark document in UTF-8; bytes that are not valid
 *   UTF-8 come out as U+FFFD rather than failing
 * @length: the length of @markdown in bytes, or -1 if it is NUL-terminated
 *
 * Parses @markdown in a single pass over cmark's tree. Raw HTML is never
 * interpreted: it appears in the text exactly as written.
 *
 * Returns: (transfer full): the rich text
 */
CharterRichText *
charter_rich_text_new_from_markdown (const char *markdown,
                                     gssize      length)
{
  Builder builder = { 0, };
  CharterRichText *self;
  cmark_node *document;
  cmark_iter *iter;
  cmark_event_type event;

  g_return_val_if_fail (markdown != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (markdown);

  /* CMARK_OPT_DEFAULT, never CMARK_OPT_UNSAFE: bodies come from a shared
   * knowledge base and the view must not act on markup an author wrote.
   */
  document = cmark_parse_document (markdown, (gsize) length, CMARK_OPT_DEFAULT);

  builder.text = g_string_sized_new ((gsize) length + 1);
  builder.spans = g_array_new (FALSE, FALSE, sizeof (CharterSpan));
  builder.open = g_array_new (FALSE, FALSE, sizeof (guint));
  builder.lists = g_array_new (FALSE, FALSE, sizeof (ListState));
  builder.urls = g_string_chunk_new (256);

  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event == CMARK_EVENT_ENTER)
        enter_node (&builder, node);
      else if (event == CMARK_EVENT_EXIT)
        exit_node (&builder, node);
    }
  cmark_iter_free (iter);
  cmark_node_free (document);

  self = finish (&builder);

  g_array_unref (builder.open);
  g_array_unref (builder.lists);

  return self;
}

/**
 * charter_rich_text_ref:
 *
 * Returns: (transfer full): @self
 */
CharterRichText *
charter_rich_text_ref (CharterRichText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
charter_rich_text_unref (CharterRichText *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, clear_rich_text);
}

/**
 * charter_rich_text_get_text:
 *
 * Returns: the text a reader sees, valid UTF-8, blocks separated by one
 *   newline and no newline at the end
 */
const char *
charter_rich_text_get_text (CharterRichText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/**
 * charter_rich_text_get_length:
 *
 * Returns: the length of the text in characters, not bytes
 */
guint
charter_rich_text_get_length (CharterRichText *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->length;
}

guint
charter_rich_text_get_n_spans (CharterRichText *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_spans;
}

/**
 * charter_rich_text_get_span:
 * @index: less than charter_rich_text_get_n_spans()
 *
 * Spans are sorted by start; of spans with the same start, the one that
 * encloses the others comes first.
 *
 * Returns: (transfer none): the span, valid as long as @self
 */
const CharterSpan *
charter_rich_text_get_span (CharterRichText *self,
                            guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_spans, NULL);

  return &self->spans[index];
}
