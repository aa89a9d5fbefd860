/* bare-window.c: the floor under Charter's start-up time
 *
 * The least a libadwaita program does before its first frame: start an
 * AdwApplication, present an AdwApplicationWindow with a header bar and an
 * empty content box, the size of Charter's main window. bench-startup times
 * this against Charter; what Charter takes beyond it is Charter's own cost.
 *
 * With CHARTER_FIRST_FRAME set it keeps Charter's contract: it prints
 * "first-frame <µs>" (g_get_monotonic_time() right after the first frame is
 * painted) on stdout and quits. Without it, it is an ordinary window, to look
 * at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bare-window"

#include "config.h"

#include <adwaita.h>

/* Charter's main window, ui/charter-window.ui: the same number of pixels to
 * paint for both.
 */
#define DEFAULT_WIDTH   960
#define DEFAULT_HEIGHT  680

static void
first_frame_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, window);
  g_application_quit (g_application_get_default ());
}

/* A widget has a frame clock only once it is realized. */
static void
realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_cb), window, G_CONNECT_DEFAULT);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *content;

  window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_title (GTK_WINDOW (window), "Bare Window");
  gtk_window_set_default_size (GTK_WINDOW (window), DEFAULT_WIDTH, DEFAULT_HEIGHT);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  if (g_getenv ("CHARTER_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  /* Non-unique: a copy left running must not turn the next run into a
   * remote activation that never paints a frame of its own.
   */
  app = adw_application_new ("io.github.charterkb.BareWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
