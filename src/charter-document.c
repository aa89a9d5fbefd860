/* charter-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-document"

#include "config.h"

#include "charter-document.h"
#include "charter-model-private.h"

G_DEFINE_FINAL_TYPE (CharterDocument, charter_document, CHARTER_TYPE_ENTRY)

static void
charter_document_finalize (GObject *object)
{
  CharterDocument *self = CHARTER_DOCUMENT (object);

  g_clear_object (&self->topics_model);
  g_clear_object (&self->principles_model);
  g_clear_pointer (&self->topics, g_ptr_array_unref);
  g_clear_pointer (&self->principles, g_ptr_array_unref);

  G_OBJECT_CLASS (charter_document_parent_class)->finalize (object);
}

static void
charter_document_class_init (CharterDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = charter_document_finalize;
}

static void
charter_document_init (CharterDocument *self)
{
}

/**
 * charter_document_get_date:
 *
 * Returns: (nullable): the date as `YYYY-MM-DD`, already checked to be a real date
 */
const char *
charter_document_get_date (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return self->date;
}

/**
 * charter_document_get_source_publisher:
 *
 * Returns: (nullable): who published the source
 */
const char *
charter_document_get_source_publisher (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return self->source_publisher;
}

/**
 * charter_document_get_source_url:
 *
 * Returns: (nullable): an http or https URL; Charter shows it, never fetches it
 */
const char *
charter_document_get_source_url (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return self->source_url;
}

/**
 * charter_document_get_body:
 *
 * Returns: the CommonMark source of the body
 */
const char *
charter_document_get_body (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return self->body;
}

/**
 * charter_document_get_topics:
 *
 * Returns: (transfer none): the topics this document is filed under
 */
GListModel *
charter_document_get_topics (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return charter_list_model_lazy (&self->topics_model, CHARTER_TYPE_TOPIC, self->topics);
}

/**
 * charter_document_get_principles:
 *
 * Returns: (transfer none): the principles this document speaks to
 */
GListModel *
charter_document_get_principles (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return charter_list_model_lazy (&self->principles_model, CHARTER_TYPE_PRINCIPLE,
                                  self->principles);
}

/**
 * charter_document_render:
 *
 * Parses the body. Nothing is cached: a document is rendered when it is
 * shown, so that loading never pays for Markdown it does not display.
 *
 * Returns: (transfer full): the body as rich text
 */
CharterRichText *
charter_document_render (CharterDocument *self)
{
  g_return_val_if_fail (CHARTER_IS_DOCUMENT (self), NULL);

  return charter_rich_text_new_from_markdown (self->body, self->body_length);
}
