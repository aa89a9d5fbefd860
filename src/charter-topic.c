/* charter-topic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-topic"

#include "config.h"

#include "charter-model-private.h"
#include "charter-topic.h"

G_DEFINE_FINAL_TYPE (CharterTopic, charter_topic, CHARTER_TYPE_ENTRY)

static void
charter_topic_finalize (GObject *object)
{
  CharterTopic *self = CHARTER_TOPIC (object);

  g_clear_object (&self->children_model);
  g_clear_object (&self->principles_model);
  g_clear_object (&self->documents_model);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->principles, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);

  G_OBJECT_CLASS (charter_topic_parent_class)->finalize (object);
}

static void
charter_topic_class_init (CharterTopicClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = charter_topic_finalize;
}

static void
charter_topic_init (CharterTopic *self)
{
}

/**
 * charter_topic_get_parent:
 *
 * Returns: (transfer none) (nullable): the parent topic, or %NULL at the root
 */
CharterTopic *
charter_topic_get_parent (CharterTopic *self)
{
  g_return_val_if_fail (CHARTER_IS_TOPIC (self), NULL);

  return self->parent;
}

/**
 * charter_topic_get_children:
 *
 * Returns: (transfer none): the child topics, in file order
 */
GListModel *
charter_topic_get_children (CharterTopic *self)
{
  g_return_val_if_fail (CHARTER_IS_TOPIC (self), NULL);

  return charter_list_model_lazy (&self->children_model, CHARTER_TYPE_TOPIC, self->children);
}

/**
 * charter_topic_get_principles:
 *
 * Returns: (transfer none): the principles that name this topic
 */
GListModel *
charter_topic_get_principles (CharterTopic *self)
{
  g_return_val_if_fail (CHARTER_IS_TOPIC (self), NULL);

  return charter_list_model_lazy (&self->principles_model, CHARTER_TYPE_PRINCIPLE,
                                  self->principles);
}

/**
 * charter_topic_get_documents:
 *
 * Returns: (transfer none): the documents filed under this topic, in file order
 */
GListModel *
charter_topic_get_documents (CharterTopic *self)
{
  g_return_val_if_fail (CHARTER_IS_TOPIC (self), NULL);

  return charter_list_model_lazy (&self->documents_model, CHARTER_TYPE_DOCUMENT,
                                  self->documents);
}
