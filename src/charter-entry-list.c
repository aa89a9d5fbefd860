/* charter-entry-list.c
 *
 * A GListStore keeps its items in a GSequence; the model's lists never
 * change, so a plain array gives O(1) access with one pointer per item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-entry-list"

#include "config.h"

#include "charter-entry-list.h"

struct _CharterEntryList
{
  GObject    parent_instance;
  GType      item_type;
  GPtrArray *items;
};

static GType
get_item_type (GListModel *model)
{
  return CHARTER_ENTRY_LIST (model)->item_type;
}

static guint
get_n_items (GListModel *model)
{
  return CHARTER_ENTRY_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CharterEntryList *self = CHARTER_ENTRY_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CharterEntryList, charter_entry_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
charter_entry_list_finalize (GObject *object)
{
  CharterEntryList *self = CHARTER_ENTRY_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (charter_entry_list_parent_class)->finalize (object);
}

static void
charter_entry_list_class_init (CharterEntryListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = charter_entry_list_finalize;
}

static void
charter_entry_list_init (CharterEntryList *self)
{
}

/**
 * charter_entry_list_new:
 * @item_type: the GType of the items
 * @items: (transfer none): the items; the list takes a reference on the array
 *
 * The array must not change afterwards.
 */
CharterEntryList *
charter_entry_list_new (GType      item_type,
                        GPtrArray *items)
{
  CharterEntryList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (CHARTER_TYPE_ENTRY_LIST, NULL);
  self->item_type = item_type;
  self->items = g_ptr_array_ref (items);

  return self;
}
