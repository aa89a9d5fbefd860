/* charter-model-private.h: what the loader needs to build the model
 *
 * The model is immutable once loaded; only the loader fills it in, in one
 * pass over the parsed tree. Strings point into the JSON objects that each
 * entry keeps a reference to, so loading copies no text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "charter-knowledge-base.h"

G_BEGIN_DECLS

typedef struct
{
  JsonObject *object;
  const char *id;
  const char *title;
  const char *summary;
  /* Position in the file's topics, principles or documents array. */
  guint       index;
} CharterEntryPrivate;

struct _CharterTopic
{
  CharterEntry  parent_instance;
  CharterTopic *parent;          /* unowned: the knowledge base owns every topic */
  GPtrArray    *children;        /* unowned CharterTopic; NULL while empty */
  GPtrArray    *principles;      /* unowned CharterPrinciple */
  GPtrArray    *documents;       /* unowned CharterDocument */
  GListModel   *children_model;
  GListModel   *principles_model;
  GListModel   *documents_model;
};

struct _CharterPrinciple
{
  CharterEntry  parent_instance;
  GPtrArray    *topics;
  GPtrArray    *documents;
  GListModel   *topics_model;
  GListModel   *documents_model;
};

struct _CharterDocument
{
  CharterEntry  parent_instance;
  const char   *date;
  const char   *source_publisher;
  const char   *source_url;
  const char   *body;
  gsize         body_length;
  GPtrArray    *topics;
  GPtrArray    *principles;
  GListModel   *topics_model;
  GListModel   *principles_model;
};

void                  charter_entry_set_fields         (CharterEntry         *self,
                                                        guint                 index,
                                                        JsonObject           *object,
                                                        const char           *id,
                                                        const char           *title,
                                                        const char           *summary);
JsonObject           *charter_entry_get_object         (CharterEntry         *self);
guint                 charter_entry_get_index          (CharterEntry         *self);
void                  charter_ptr_array_add            (GPtrArray           **array,
                                                        gpointer              item);
GListModel           *charter_list_model_lazy          (GListModel          **model,
                                                        GType                 item_type,
                                                        GPtrArray            *items);
CharterKnowledgeBase *charter_knowledge_base_new       (JsonNode             *root,
                                                        guint                 format,
                                                        const char           *id,
                                                        const char           *title,
                                                        const char           *language,
                                                        const char           *description,
                                                        GPtrArray            *topics,
                                                        GPtrArray            *principles,
                                                        GPtrArray            *documents,
                                                        GHashTable           *by_id);
void                  charter_knowledge_base_set_content_hash (CharterKnowledgeBase *self,
                                                               const char           *content_hash);

G_END_DECLS
