/* charter-entry-list.h: an immutable GListModel over an array of objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CHARTER_TYPE_ENTRY_LIST (charter_entry_list_get_type ())

G_DECLARE_FINAL_TYPE (CharterEntryList, charter_entry_list, CHARTER, ENTRY_LIST, GObject)

CharterEntryList *charter_entry_list_new (GType      item_type,
                                          GPtrArray *items);

G_END_DECLS
