/* charter-bookmark.h: a reader's bookmark, anchored to a passage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CHARTER_TYPE_BOOKMARK (charter_bookmark_get_type ())

G_DECLARE_FINAL_TYPE (CharterBookmark, charter_bookmark, CHARTER, BOOKMARK, GObject)

/* Where a bookmark's passage was found in a document's text today. */
typedef enum
{
  /* The quoted text is there, as it was. */
  CHARTER_ANCHOR_EXACT,
  /* The quoted text changed; this is the closest place left. */
  CHARTER_ANCHOR_MOVED,
  /* No passage: the bookmark is for the whole document. */
  CHARTER_ANCHOR_DOCUMENT,
} CharterAnchor;

/* A bookmark's values in a row of a bookmarks file (format 2), in the order
 * Charter writes them. A file names its columns, so a reader finds them
 * wherever they are.
 */
typedef enum
{
  CHARTER_BOOKMARK_COLUMN_ID,
  CHARTER_BOOKMARK_COLUMN_KB,
  CHARTER_BOOKMARK_COLUMN_ENTRY,
  CHARTER_BOOKMARK_COLUMN_TITLE,
  CHARTER_BOOKMARK_COLUMN_CREATED,
  CHARTER_BOOKMARK_COLUMN_NOTE,
  CHARTER_BOOKMARK_COLUMN_MODIFIED,
  CHARTER_BOOKMARK_COLUMN_PARAGRAPH,
  CHARTER_BOOKMARK_COLUMN_QUOTE,
  CHARTER_BOOKMARK_COLUMN_KB_TITLE,
  CHARTER_BOOKMARK_COLUMN_KB_URI,
  CHARTER_BOOKMARK_N_COLUMNS
} CharterBookmarkColumn;

/* Bytes charter_time_format() writes, with the nul. */
#define CHARTER_TIME_SIZE 28

void             charter_time_format               (gint64           microseconds,
                                                    char            *out);
gboolean         charter_time_parse                (const char      *text,
                                                    gint64          *microseconds);

const char      *charter_json_get_string           (JsonObject      *object,
                                                    const char      *name);

CharterBookmark *charter_bookmark_new              (const char      *kb_id,
                                                    const char      *kb_title,
                                                    const char      *kb_uri,
                                                    const char      *entry_id,
                                                    const char      *entry_title);
CharterBookmark *charter_bookmark_new_from_json    (JsonObject      *object,
                                                    GError         **error);
JsonNode        *charter_bookmark_to_json          (CharterBookmark *self);

const char      *charter_bookmark_column_name      (CharterBookmarkColumn column);
CharterBookmark *charter_bookmark_new_from_row     (JsonArray       *row,
                                                    const int       *columns,
                                                    JsonObject      *knowledge_bases,
                                                    GError         **error);
char            *charter_bookmark_make_row         (CharterBookmark *self,
                                                    gboolean         with_knowledge_base);
const char      *charter_bookmark_peek_row         (CharterBookmark *self,
                                                    gboolean         with_knowledge_base,
                                                    guint           *serial);
void             charter_bookmark_keep_row         (CharterBookmark *self,
                                                    gboolean         with_knowledge_base,
                                                    guint            serial,
                                                    const char      *row);
CharterBookmark *charter_bookmark_copy             (CharterBookmark *self);
gboolean         charter_bookmark_equal            (CharterBookmark *self,
                                                    CharterBookmark *other);

const char      *charter_bookmark_get_id           (CharterBookmark *self);
const char      *charter_bookmark_get_kb_id        (CharterBookmark *self);
const char      *charter_bookmark_get_kb_title     (CharterBookmark *self);
const char      *charter_bookmark_get_kb_uri       (CharterBookmark *self);
const char      *charter_bookmark_get_entry_id     (CharterBookmark *self);
const char      *charter_bookmark_get_entry_title  (CharterBookmark *self);
const char      *charter_bookmark_get_quote        (CharterBookmark *self);
int              charter_bookmark_get_paragraph    (CharterBookmark *self);
const char      *charter_bookmark_get_note         (CharterBookmark *self);
void             charter_bookmark_set_note         (CharterBookmark *self,
                                                    const char      *note);
void             charter_bookmark_touch            (CharterBookmark *self);
gint64           charter_bookmark_get_created      (CharterBookmark *self);
gint64           charter_bookmark_get_modified     (CharterBookmark *self);
gboolean         charter_bookmark_get_available    (CharterBookmark *self);
void             charter_bookmark_set_available    (CharterBookmark *self,
                                                    gboolean         available);

void             charter_bookmark_set_passage      (CharterBookmark *self,
                                                    const char      *text,
                                                    guint            start,
                                                    guint            end);
CharterAnchor    charter_bookmark_locate           (CharterBookmark *self,
                                                    const char      *text,
                                                    guint           *start,
                                                    guint           *end);

G_END_DECLS
