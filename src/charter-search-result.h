/* charter-search-result.h: one ranked hit, and the list of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "charter-document.h"
#include "charter-search-query.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_SEARCH_RESULT (charter_search_result_get_type ())

G_DECLARE_FINAL_TYPE (CharterSearchResult, charter_search_result,
                      CHARTER, SEARCH_RESULT, GObject)

CharterSearchResult *charter_search_result_new               (CharterSearchQuery  *query,
                                                              CharterDocument     *document,
                                                              double               score);
CharterDocument     *charter_search_result_get_document      (CharterSearchResult *self);
double               charter_search_result_get_score         (CharterSearchResult *self);
const char          *charter_search_result_get_snippet       (CharterSearchResult *self);
const GArray        *charter_search_result_get_snippet_hits  (CharterSearchResult *self);
const GArray        *charter_search_result_get_title_hits    (CharterSearchResult *self);
const GArray        *charter_search_result_get_hits          (CharterSearchResult *self);

#define CHARTER_TYPE_SEARCH_RESULTS (charter_search_results_get_type ())

G_DECLARE_FINAL_TYPE (CharterSearchResults, charter_search_results,
                      CHARTER, SEARCH_RESULTS, GObject)

CharterSearchResults *charter_search_results_new       (CharterSearchQuery   *query,
                                                        GPtrArray            *results,
                                                        guint                 total);
CharterSearchQuery   *charter_search_results_get_query (CharterSearchResults *self);
guint                 charter_search_results_get_total (CharterSearchResults *self);

G_END_DECLS
