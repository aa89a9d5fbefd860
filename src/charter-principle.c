/* charter-principle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-principle"

#include "config.h"

#include "charter-model-private.h"
#include "charter-principle.h"

G_DEFINE_FINAL_TYPE (CharterPrinciple, charter_principle, CHARTER_TYPE_ENTRY)

static void
charter_principle_finalize (GObject *object)
{
  CharterPrinciple *self = CHARTER_PRINCIPLE (object);

  g_clear_object (&self->topics_model);
  g_clear_object (&self->documents_model);
  g_clear_pointer (&self->topics, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);

  G_OBJECT_CLASS (charter_principle_parent_class)->finalize (object);
}

static void
charter_principle_class_init (CharterPrincipleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = charter_principle_finalize;
}

static void
charter_principle_init (CharterPrinciple *self)
{
}

/**
 * charter_principle_get_topics:
 *
 * Returns: (transfer none): the topics this principle bears on
 */
GListModel *
charter_principle_get_topics (CharterPrinciple *self)
{
  g_return_val_if_fail (CHARTER_IS_PRINCIPLE (self), NULL);

  return charter_list_model_lazy (&self->topics_model, CHARTER_TYPE_TOPIC, self->topics);
}

/**
 * charter_principle_get_documents:
 *
 * Returns: (transfer none): the documents that name this principle
 */
GListModel *
charter_principle_get_documents (CharterPrinciple *self)
{
  g_return_val_if_fail (CHARTER_IS_PRINCIPLE (self), NULL);

  return charter_list_model_lazy (&self->documents_model, CHARTER_TYPE_DOCUMENT,
                                  self->documents);
}
