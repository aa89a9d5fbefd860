/* charter-entry.h: what topics, principles and documents have in common
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CHARTER_TYPE_ENTRY (charter_entry_get_type ())

G_DECLARE_DERIVABLE_TYPE (CharterEntry, charter_entry, CHARTER, ENTRY, GObject)

struct _CharterEntryClass
{
  GObjectClass parent_class;
};

const char *charter_entry_get_id      (CharterEntry *self);
const char *charter_entry_get_title   (CharterEntry *self);
const char *charter_entry_get_summary (CharterEntry *self);

G_END_DECLS
