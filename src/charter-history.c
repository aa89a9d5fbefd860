/* charter-history.c
 *
 * The ids of what was shown, oldest first, and the position of the one on
 * screen. Going somewhere new from the middle drops what lay ahead, as in
 * a web browser. Ids, not objects: they stay meaningful across a reload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-history"

#include "config.h"

#include "charter-history.h"

struct _CharterHistory
{
  GObject    parent_instance;
  GPtrArray *ids;
  guint      position;  /* index of the current id; meaningless while empty */
};

enum {
  PROP_0,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CharterHistory, charter_history, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* Runs @change and notifies only the properties it really changed. */
#define CHANGE(self, change)                                              \
  G_STMT_START {                                                          \
    gboolean back_before = charter_history_can_go_back (self);           \
    gboolean forward_before = charter_history_can_go_forward (self);     \
    change;                                                               \
    if (back_before != charter_history_can_go_back (self))               \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]); \
    if (forward_before != charter_history_can_go_forward (self))         \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]); \
  } G_STMT_END

static void
charter_history_finalize (GObject *object)
{
  CharterHistory *self = CHARTER_HISTORY (object);

  g_clear_pointer (&self->ids, g_ptr_array_unref);

  G_OBJECT_CLASS (charter_history_parent_class)->finalize (object);
}

static void
charter_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CharterHistory *self = CHARTER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, charter_history_can_go_back (self));
      break;

    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, charter_history_can_go_forward (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
charter_history_class_init (CharterHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = charter_history_finalize;
  object_class->get_property = charter_history_get_property;

  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
charter_history_init (CharterHistory *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
}

CharterHistory *
charter_history_new (void)
{
  return g_object_new (CHARTER_TYPE_HISTORY, NULL);
}

/**
 * charter_history_push:
 * @id: what is shown now
 *
 * Showing what is already current is not a step.
 */
void
charter_history_push (CharterHistory *self,
                      const char     *id)
{
  g_return_if_fail (CHARTER_IS_HISTORY (self));
  g_return_if_fail (id != NULL);

  if (g_strcmp0 (charter_history_get_current (self), id) == 0)
    return;

  CHANGE (self, {
    if (self->ids->len > 0)
      g_ptr_array_set_size (self->ids, self->position + 1);
    g_ptr_array_add (self->ids, g_strdup (id));
    /* A long session forgets its oldest steps rather than grow forever. */
    if (self->ids->len > CHARTER_HISTORY_MAX)
      g_ptr_array_remove_index (self->ids, 0);
    self->position = self->ids->len - 1;
  });
}

/**
 * charter_history_get_current:
 *
 * Returns: (nullable): the id on screen
 */
const char *
charter_history_get_current (CharterHistory *self)
{
  g_return_val_if_fail (CHARTER_IS_HISTORY (self), NULL);

  if (self->ids->len == 0)
    return NULL;

  return g_ptr_array_index (self->ids, self->position);
}

gboolean
charter_history_can_go_back (CharterHistory *self)
{
  g_return_val_if_fail (CHARTER_IS_HISTORY (self), FALSE);

  return self->ids->len > 0 && self->position > 0;
}

gboolean
charter_history_can_go_forward (CharterHistory *self)
{
  g_return_val_if_fail (CHARTER_IS_HISTORY (self), FALSE);

  return self->ids->len > 0 && self->position + 1 < self->ids->len;
}

/**
 * charter_history_go_back:
 *
 * Returns: (nullable): the id to show, or %NULL if there is nothing behind
 */
const char *
charter_history_go_back (CharterHistory *self)
{
  g_return_val_if_fail (CHARTER_IS_HISTORY (self), NULL);

  if (!charter_history_can_go_back (self))
    return NULL;

  CHANGE (self, self->position--);

  return charter_history_get_current (self);
}

/**
 * charter_history_go_forward:
 *
 * Returns: (nullable): the id to show, or %NULL if there is nothing ahead
 */
const char *
charter_history_go_forward (CharterHistory *self)
{
  g_return_val_if_fail (CHARTER_IS_HISTORY (self), NULL);

  if (!charter_history_can_go_forward (self))
    return NULL;

  CHANGE (self, self->position++);

  return charter_history_get_current (self);
}

void
charter_history_clear (CharterHistory *self)
{
  g_return_if_fail (CHARTER_IS_HISTORY (self));

  CHANGE (self, {
    g_ptr_array_set_size (self->ids, 0);
    self->position = 0;
  });
}
