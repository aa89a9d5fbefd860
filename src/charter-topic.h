/* charter-topic.h: a node of the knowledge base's topic tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "charter-entry.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_TOPIC (charter_topic_get_type ())

G_DECLARE_FINAL_TYPE (CharterTopic, charter_topic, CHARTER, TOPIC, CharterEntry)

CharterTopic *charter_topic_get_parent     (CharterTopic *self);
GListModel   *charter_topic_get_children   (CharterTopic *self);
GListModel   *charter_topic_get_principles (CharterTopic *self);
GListModel   *charter_topic_get_documents  (CharterTopic *self);

G_END_DECLS
