/* charter-knowledge-base.h: an immutable, loaded knowledge base
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "charter-document.h"
#include "charter-principle.h"
#include "charter-topic.h"

G_BEGIN_DECLS

#define CHARTER_TYPE_KNOWLEDGE_BASE (charter_knowledge_base_get_type ())

G_DECLARE_FINAL_TYPE (CharterKnowledgeBase, charter_knowledge_base,
                      CHARTER, KNOWLEDGE_BASE, GObject)

const char   *charter_knowledge_base_get_id          (CharterKnowledgeBase *self);
const char   *charter_knowledge_base_get_title       (CharterKnowledgeBase *self);
const char   *charter_knowledge_base_get_language    (CharterKnowledgeBase *self);
const char   *charter_knowledge_base_get_description (CharterKnowledgeBase *self);
const char   *charter_knowledge_base_get_content_hash (CharterKnowledgeBase *self);
guint         charter_knowledge_base_get_format      (CharterKnowledgeBase *self);
GListModel   *charter_knowledge_base_get_topics      (CharterKnowledgeBase *self);
GListModel   *charter_knowledge_base_get_root_topics (CharterKnowledgeBase *self);
GListModel   *charter_knowledge_base_get_principles  (CharterKnowledgeBase *self);
GListModel   *charter_knowledge_base_get_documents   (CharterKnowledgeBase *self);
CharterEntry *charter_knowledge_base_lookup          (CharterKnowledgeBase *self,
                                                      const char           *id);

G_END_DECLS
