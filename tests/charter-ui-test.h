/* charter-ui-test.h: what the UI tests share
 *
 * Spinning the main loop, waiting for a condition without hanging, finding
 * a window's parts and pressing keys on a widget. Header-only: each test is
 * one executable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "charter-window.h"

/* Runs what is pending on the main loop, without waiting. */
static inline void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static inline gboolean
charter_test_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits for @done, spinning the main loop, for at most twenty seconds. A
 * timer wakes the loop now and then, so that a wait with no events left
 * fails at the deadline rather than hanging.
 */
static inline void
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, charter_test_wake_cb, NULL);

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* The part of @window's template named @name; the test fails if there is none. */
static inline gpointer
child (CharterWindow *window,
       const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), CHARTER_TYPE_WINDOW,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

/* Presses @keyval on @widget's key controllers, as GTK would; returns
 * whether one of them handled it.
 */
static inline gboolean
press (GtkWidget *widget,
       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}
