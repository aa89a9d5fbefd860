/* charter-sidebar.h: the topics and principles of a knowledge base, for choosing one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "charter-knowledge-base.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_SIDEBAR (charter_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (CharterSidebar, charter_sidebar, CHARTER, SIDEBAR, GtkWidget)

GtkWidget            *charter_sidebar_new                (void);
CharterKnowledgeBase *charter_sidebar_get_knowledge_base (CharterSidebar       *self);
void                  charter_sidebar_set_knowledge_base (CharterSidebar       *self,
                                                          CharterKnowledgeBase *knowledge_base);
CharterEntry         *charter_sidebar_get_selected_entry (CharterSidebar       *self);
void                  charter_sidebar_select_entry       (CharterSidebar       *self,
                                                          CharterEntry         *entry);

void                  charter_sidebar_set_bookmarks        (CharterSidebar       *self,
                                                            GListModel           *bookmarks);
GListModel           *charter_sidebar_get_bookmarks_shown  (CharterSidebar       *self);

G_END_DECLS
