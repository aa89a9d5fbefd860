/* charter-entry-page.h: a topic or principle, what it links to and its documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "charter-knowledge-base.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_ENTRY_PAGE (charter_entry_page_get_type ())

G_DECLARE_FINAL_TYPE (CharterEntryPage, charter_entry_page, CHARTER, ENTRY_PAGE, GtkWidget)

GtkWidget    *charter_entry_page_new       (void);
CharterEntry *charter_entry_page_get_entry (CharterEntryPage *self);
void          charter_entry_page_set_entry (CharterEntryPage *self,
                                            CharterEntry     *entry);

G_END_DECLS
