/* charter-knowledge-base.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-knowledge-base"

#include "config.h"

#include "charter-entry-list.h"
#include "charter-knowledge-base.h"
#include "charter-model-private.h"

struct _CharterKnowledgeBase
{
  GObject      parent_instance;
  JsonNode    *root;
  guint        format;
  const char  *id;
  const char  *title;
  const char  *language;
  const char  *description;
  GPtrArray   *topics;
  GPtrArray   *root_topics;
  GPtrArray   *principles;
  GPtrArray   *documents;
  GListModel  *topics_model;
  GListModel  *root_topics_model;
  GListModel  *principles_model;
  GListModel  *documents_model;
  GHashTable  *by_id;
  char        *content_hash;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_LANGUAGE,
  PROP_DESCRIPTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CharterKnowledgeBase, charter_knowledge_base, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* Entries point at each other without owning one another (a document and
 * its topics would otherwise keep each other alive). An entry that someone
 * still holds after its knowledge base is gone keeps its own fields but
 * loses its links, rather than pointing at freed memory.
 */
static void
empty (GPtrArray **array)
{
  /* A list model made from the array shares it: empty it for both. */
  if (*array != NULL)
    g_ptr_array_set_size (*array, 0);
  g_clear_pointer (array, g_ptr_array_unref);
}

static void
detach_entries (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      gpointer entry = g_ptr_array_index (entries, i);

      if (CHARTER_IS_TOPIC (entry))
        {
          CharterTopic *topic = entry;

          topic->parent = NULL;
          empty (&topic->children);
          empty (&topic->principles);
          empty (&topic->documents);
        }
      else if (CHARTER_IS_PRINCIPLE (entry))
        {
          CharterPrinciple *principle = entry;

          empty (&principle->topics);
          empty (&principle->documents);
        }
      else if (CHARTER_IS_DOCUMENT (entry))
        {
          CharterDocument *document = entry;

          empty (&document->topics);
          empty (&document->principles);
        }
    }
}

static void
charter_knowledge_base_finalize (GObject *object)
{
  CharterKnowledgeBase *self = CHARTER_KNOWLEDGE_BASE (object);

  detach_entries (self->topics);
  detach_entries (self->principles);
  detach_entries (self->documents);

  g_clear_object (&self->topics_model);
  g_clear_object (&self->root_topics_model);
  g_clear_object (&self->principles_model);
  g_clear_object (&self->documents_model);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  empty (&self->root_topics);
  empty (&self->topics);
  empty (&self->principles);
  empty (&self->documents);
  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->content_hash);

  G_OBJECT_CLASS (charter_knowledge_base_parent_class)->finalize (object);
}

static void
charter_knowledge_base_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CharterKnowledgeBase *self = CHARTER_KNOWLEDGE_BASE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_knowledge_base_class_init (CharterKnowledgeBaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_knowledge_base_finalize;
  object_class->get_property = charter_knowledge_base_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_knowledge_base_init (CharterKnowledgeBase *self)
{
}

/* Takes ownership of the arrays and the table; the root keeps every string
 * alive that the knowledge base and its entries point to.
 */
CharterKnowledgeBase *
charter_knowledge_base_new (JsonNode   *root,
                            guint       format,
                            const char *id,
                            const char *title,
                            const char *language,
                            const char *description,
                            GPtrArray  *topics,
                            GPtrArray  *principles,
                            GPtrArray  *documents,
                            GHashTable *by_id)
{
  CharterKnowledgeBase *self = g_object_new (CHARTER_TYPE_KNOWLEDGE_BASE, NULL);

  self->root = json_node_ref (root);
  self->format = format;
  self->id = id;
  self->title = title;
  self->language = language;
  self->description = description;
  self->topics = topics;
  self->principles = principles;
  self->documents = documents;
  self->by_id = by_id;

  self->root_topics = g_ptr_array_new ();
  for (guint i = 0; i < topics->len; i++)
    {
      CharterTopic *topic = g_ptr_array_index (topics, i);

      if (topic->parent == NULL)
        g_ptr_array_add (self->root_topics, topic);
    }

  return self;
}

const char *
charter_knowledge_base_get_id (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return self->id;
}

const char *
charter_knowledge_base_get_title (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return self->title;
}

const char *
charter_knowledge_base_get_language (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return self->language;
}

/**
 * charter_knowledge_base_get_description:
 *
 * Returns: (nullable): the description, if the file has one
 */
const char *
charter_knowledge_base_get_description (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return self->description;
}

/**
 * charter_knowledge_base_get_content_hash:
 *
 * The SHA-256 of the bytes the knowledge base was read from, in hex: what
 * caches made from it are keyed by.
 *
 * Returns: (nullable): the hash, NULL if it was not built from bytes
 */
const char *
charter_knowledge_base_get_content_hash (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return self->content_hash;
}

void
charter_knowledge_base_set_content_hash (CharterKnowledgeBase *self,
                                         const char           *content_hash)
{
  g_return_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self));

  g_free (self->content_hash);
  self->content_hash = g_strdup (content_hash);
}

guint
charter_knowledge_base_get_format (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), 0);

  return self->format;
}

/**
 * charter_knowledge_base_get_topics:
 *
 * Returns: (transfer none): every topic, in file order
 */
GListModel *
charter_knowledge_base_get_topics (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return charter_list_model_lazy (&self->topics_model, CHARTER_TYPE_TOPIC, self->topics);
}

/**
 * charter_knowledge_base_get_root_topics:
 *
 * Returns: (transfer none): the topics without a parent, in file order
 */
GListModel *
charter_knowledge_base_get_root_topics (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return charter_list_model_lazy (&self->root_topics_model, CHARTER_TYPE_TOPIC,
                                  self->root_topics);
}

/**
 * charter_knowledge_base_get_principles:
 *
 * Returns: (transfer none): every principle, in file order
 */
GListModel *
charter_knowledge_base_get_principles (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return charter_list_model_lazy (&self->principles_model, CHARTER_TYPE_PRINCIPLE,
                                  self->principles);
}

/**
 * charter_knowledge_base_get_documents:
 *
 * Returns: (transfer none): every document, in file order
 */
GListModel *
charter_knowledge_base_get_documents (CharterKnowledgeBase *self)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);

  return charter_list_model_lazy (&self->documents_model, CHARTER_TYPE_DOCUMENT,
                                  self->documents);
}

/**
 * charter_knowledge_base_lookup:
 * @id: a topic, principle or document id, as in a `kb:` link
 *
 * Returns: (transfer none) (nullable): the entry, or %NULL
 */
CharterEntry *
charter_knowledge_base_lookup (CharterKnowledgeBase *self,
                               const char           *id)
{
  g_return_val_if_fail (CHARTER_IS_KNOWLEDGE_BASE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}
