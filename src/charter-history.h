/* charter-history.h: Back and Forward through the entries a reader has seen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CHARTER_HISTORY_MAX 500

#define CHARTER_TYPE_HISTORY (charter_history_get_type ())

G_DECLARE_FINAL_TYPE (CharterHistory, charter_history, CHARTER, HISTORY, GObject)

CharterHistory *charter_history_new            (void);
void            charter_history_push           (CharterHistory *self,
                                                const char     *id);
const char     *charter_history_get_current    (CharterHistory *self);
gboolean        charter_history_can_go_back    (CharterHistory *self);
gboolean        charter_history_can_go_forward (CharterHistory *self);
const char     *charter_history_go_back        (CharterHistory *self);
const char     *charter_history_go_forward     (CharterHistory *self);
void            charter_history_clear          (CharterHistory *self);

G_END_DECLS
