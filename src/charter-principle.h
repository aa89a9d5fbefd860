/* charter-principle.h: a principle, linked to the topics it bears on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "charter-entry.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_PRINCIPLE (charter_principle_get_type ())

G_DECLARE_FINAL_TYPE (CharterPrinciple, charter_principle, CHARTER, PRINCIPLE, CharterEntry)

GListModel *charter_principle_get_topics    (CharterPrinciple *self);
GListModel *charter_principle_get_documents (CharterPrinciple *self);

G_END_DECLS
