/* charter-search-query.h: what a reader typed, made safe for FTS5
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A range of characters (code points, as GtkTextIter offsets count them);
 * end is exclusive.
 */
typedef struct
{
  guint start;
  guint end;
} CharterTextRange;

#define CHARTER_TYPE_SEARCH_QUERY (charter_search_query_get_type ())

typedef struct _CharterSearchQuery CharterSearchQuery;

GType               charter_search_query_get_type     (void) G_GNUC_CONST;
CharterSearchQuery *charter_search_query_new          (const char         *text);
CharterSearchQuery *charter_search_query_new_as_you_type (const char       *text);
CharterSearchQuery *charter_search_query_ref          (CharterSearchQuery *self);
void                charter_search_query_unref        (CharterSearchQuery *self);
const char         *charter_search_query_get_text     (CharterSearchQuery *self);
gboolean            charter_search_query_is_empty     (CharterSearchQuery *self);
const char         *charter_search_query_get_fts      (CharterSearchQuery *self);
GArray             *charter_search_query_find_hits    (CharterSearchQuery *self,
                                                       const char         *text,
                                                       gssize              length,
                                                       guint               max_hits);
char               *charter_search_query_make_snippet (CharterSearchQuery *self,
                                                       const char         *text,
                                                       const GArray       *hits,
                                                       GArray            **snippet_hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CharterSearchQuery, charter_search_query_unref)

G_END_DECLS
