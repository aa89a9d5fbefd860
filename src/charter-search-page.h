/* charter-search-page.h: search as you type, ranked results with snippets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "charter-search-index.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_SEARCH_PAGE (charter_search_page_get_type ())

G_DECLARE_FINAL_TYPE (CharterSearchPage, charter_search_page, CHARTER, SEARCH_PAGE, GtkWidget)

/* Results listed at most; the count says how many there are in all. */
#define CHARTER_SEARCH_PAGE_MAX_RESULTS 200

GtkWidget            *charter_search_page_new          (void);
void                  charter_search_page_set_index    (CharterSearchPage  *self,
                                                        CharterSearchIndex *index);
CharterSearchIndex   *charter_search_page_get_index    (CharterSearchPage  *self);
void                  charter_search_page_focus_entry  (CharterSearchPage  *self);
void                  charter_search_page_set_text     (CharterSearchPage  *self,
                                                        const char         *text);
void                  charter_search_page_run_now      (CharterSearchPage  *self);
CharterSearchResults *charter_search_page_get_results  (CharterSearchPage  *self);
int                   charter_search_page_get_selected (CharterSearchPage  *self);

G_END_DECLS
