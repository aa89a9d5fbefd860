/* charter-rich-text.h: a CommonMark body as plain text plus styled spans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CHARTER_SPAN_PARAGRAPH,
  CHARTER_SPAN_HEADING,
  CHARTER_SPAN_EMPHASIS,
  CHARTER_SPAN_STRONG,
  CHARTER_SPAN_CODE,
  CHARTER_SPAN_CODE_BLOCK,
  CHARTER_SPAN_BLOCK_QUOTE,
  CHARTER_SPAN_LIST_ITEM,
  CHARTER_SPAN_LINK,
  CHARTER_SPAN_THEMATIC_BREAK,
} CharterSpanKind;

/* Offsets count Unicode characters (code points) from the start of the
 * text, exactly as GtkTextIter offsets do; end is exclusive.
 */
typedef struct
{
  CharterSpanKind  kind;
  guint            start;
  guint            end;
  /* Heading level (1–6), list item or block quote nesting depth (1…). */
  guint            level;
  /* Length in characters of a list item's marker ("• ", "3. ") at start. */
  guint            marker_length;
  /* Link destination, NULL for other kinds. */
  const char      *url;
} CharterSpan;

#define CHARTER_TYPE_RICH_TEXT (charter_rich_text_get_type ())

typedef struct _CharterRichText CharterRichText;

GType              charter_rich_text_get_type         (void) G_GNUC_CONST;
CharterRichText   *charter_rich_text_new_from_markdown (const char      *markdown,
                                                        gssize           length);
CharterRichText   *charter_rich_text_ref              (CharterRichText *self);
void               charter_rich_text_unref            (CharterRichText *self);
const char        *charter_rich_text_get_text         (CharterRichText *self);
guint              charter_rich_text_get_length       (CharterRichText *self);
guint              charter_rich_text_get_n_spans      (CharterRichText *self);
const CharterSpan *charter_rich_text_get_span         (CharterRichText *self,
                                                       guint            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CharterRichText, charter_rich_text_unref)

G_END_DECLS
