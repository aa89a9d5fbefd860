/* charter-search-index.h: a knowledge base's full-text index (SQLite FTS5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "charter-knowledge-base.h"
#include "charter-search-query.h"
#include "charter-search-result.h"

G_BEGIN_DECLS

/* Bumped whenever what is indexed, or how, changes: older caches are rebuilt. */
#define CHARTER_SEARCH_INDEX_VERSION 2

/* Cached indexes kept on disk, the most recently made first. */
#define CHARTER_SEARCH_INDEX_MAX_CACHED 8

#define CHARTER_SEARCH_INDEX_ERROR (charter_search_index_error_quark ())

typedef enum
{
  /* SQLite failed: out of memory, a disk error. */
  CHARTER_SEARCH_INDEX_ERROR_FAILED,
  /* Searching before prepare() finished. */
  CHARTER_SEARCH_INDEX_ERROR_NOT_READY,
  /* The cached index turned out to be damaged; it was deleted, prepare again. */
  CHARTER_SEARCH_INDEX_ERROR_CORRUPT,
} CharterSearchIndexError;

#define CHARTER_TYPE_SEARCH_INDEX (charter_search_index_get_type ())

G_DECLARE_FINAL_TYPE (CharterSearchIndex, charter_search_index, CHARTER, SEARCH_INDEX, GObject)

GQuark                charter_search_index_error_quark       (void);
CharterSearchIndex   *charter_search_index_new               (CharterKnowledgeBase *kb,
                                                              const char           *cache_dir);
CharterKnowledgeBase *charter_search_index_get_knowledge_base (CharterSearchIndex  *self);
const char           *charter_search_index_get_cache_path    (CharterSearchIndex   *self);
gboolean              charter_search_index_get_ready         (CharterSearchIndex   *self);
gboolean              charter_search_index_get_from_cache    (CharterSearchIndex   *self);
double                charter_search_index_get_progress      (CharterSearchIndex   *self);
gboolean              charter_search_index_prepare           (CharterSearchIndex   *self,
                                                              GCancellable         *cancellable,
                                                              GError              **error);
void                  charter_search_index_prepare_async     (CharterSearchIndex   *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean              charter_search_index_prepare_finish    (CharterSearchIndex   *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
CharterSearchResults *charter_search_index_search            (CharterSearchIndex   *self,
                                                              CharterSearchQuery   *query,
                                                              const char           *topic_id,
                                                              const char           *principle_id,
                                                              guint                 max_results,
                                                              GError              **error);

G_END_DECLS
