/* charter-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-entry"

#include "config.h"

#include "charter-entry.h"
#include "charter-entry-list.h"
#include "charter-model-private.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CharterEntry, charter_entry, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
charter_entry_finalize (GObject *object)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (CHARTER_ENTRY (object));

  g_clear_pointer (&priv->object, json_object_unref);

  G_OBJECT_CLASS (charter_entry_parent_class)->finalize (object);
}

static void
charter_entry_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CharterEntry *self = CHARTER_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, charter_entry_get_id (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, charter_entry_get_title (self));
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, charter_entry_get_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_entry_class_init (CharterEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_entry_finalize;
  object_class->get_property = charter_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_entry_init (CharterEntry *self)
{
}

void
charter_entry_set_fields (CharterEntry *self,
                          guint         index,
                          JsonObject   *object,
                          const char   *id,
                          const char   *title,
                          const char   *summary)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (self);

  priv->index = index;
  priv->object = json_object_ref (object);
  priv->id = id;
  priv->title = title;
  priv->summary = summary;
}

JsonObject *
charter_entry_get_object (CharterEntry *self)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (self);

  return priv->object;
}

guint
charter_entry_get_index (CharterEntry *self)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (self);

  return priv->index;
}

/* Most entries link to few others: their arrays exist only once used, which
 * matters for a million tiny documents.
 */
void
charter_ptr_array_add (GPtrArray **array,
                       gpointer    item)
{
  if (*array == NULL)
    *array = g_ptr_array_new ();

  g_ptr_array_add (*array, item);
}

/* Most entries' lists are never looked at, so their models are made on
 * first use instead of for every entry at load time.
 */
GListModel *
charter_list_model_lazy (GListModel **model,
                         GType        item_type,
                         GPtrArray   *items)
{
  if (*model == NULL)
    {
      g_autoptr(GPtrArray) empty = NULL;

      if (items == NULL)
        items = empty = g_ptr_array_new ();
      *model = G_LIST_MODEL (charter_entry_list_new (item_type, items));
    }

  return *model;
}

const char *
charter_entry_get_id (CharterEntry *self)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (self);

  g_return_val_if_fail (CHARTER_IS_ENTRY (self), NULL);

  return priv->id;
}

const char *
charter_entry_get_title (CharterEntry *self)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (self);

  g_return_val_if_fail (CHARTER_IS_ENTRY (self), NULL);

  return priv->title;
}

/**
 * charter_entry_get_summary:
 *
 * Returns: (nullable): the one- or two-sentence summary, if the file has one
 */
const char *
charter_entry_get_summary (CharterEntry *self)
{
  CharterEntryPrivate *priv = charter_entry_get_instance_private (self);

  g_return_val_if_fail (CHARTER_IS_ENTRY (self), NULL);

  return priv->summary;
}
