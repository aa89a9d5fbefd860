/* charter-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-application"

#include "config.h"

#include <glib/gi18n.h>

#include "charter-application.h"
#include "charter-search-command.h"
#include "charter-validate.h"
#include "charter-window.h"

struct _CharterApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CharterApplication, charter_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { "validate", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check knowledge base files and print their problems, then quit"), NULL },
  { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print the documents matching QUERY, best first, then quit; "
       "with \"-\", read one query per line"), N_("QUERY") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    NULL, N_("[FILE…]") },
  { NULL }
};

static CharterWindow *
new_window (CharterApplication *self)
{
  CharterWindow *window = charter_window_new (self);

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Charter developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Charter"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "copyright", _("© 2026 The Charter developers"),
                         "comments", _("Read a strategy knowledge base offline."),
                         "issue-url", PACKAGE_WEBSITE "/issues",
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
new_window_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  new_window (CHARTER_APPLICATION (user_data));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_cb },
  { "about", about_cb },
  { "new-window", new_window_cb },
};

static int
charter_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  g_autofree const char **files = NULL;
  const char *query = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "charter", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "validate"))
    {
      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
      return charter_validate_files (files);
    }

  if (g_variant_dict_lookup (options, "search", "&s", &query))
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), APP_ID,
                                                     "search", NULL);

      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
      if (files != NULL && files[0] != NULL && files[1] != NULL)
        {
          g_printerr ("%s\n", _("Usage: charter --search QUERY [FILE]"));
          return 1;
        }
      if (files != NULL && files[0] != NULL)
        file = g_file_new_for_commandline_arg (files[0]);
      else
        file = g_file_new_for_uri ("resource://" RESOURCE_PREFIX "/cyberspace-strategy.json");
      return charter_search_command (query, file,
                                     files != NULL && files[0] != NULL
                                       ? files[0] : _("bundled knowledge base"),
                                     cache_dir);
    }

  return -1;
}

/* Runs in the primary instance, also for a second `charter FILE`. */
static int
charter_application_command_line (GApplication            *app,
                                  GApplicationCommandLine *command_line)
{
  CharterApplication *self = CHARTER_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **files = NULL;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);

  if (files == NULL || files[0] == NULL)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

      /* The first window takes the reader back to where they were. */
      if (window == NULL)
        {
          window = GTK_WINDOW (new_window (self));
          charter_window_restore_place (CHARTER_WINDOW (window));
        }
      gtk_window_present (window);
      return 0;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                               files[i]);
      CharterWindow *window = new_window (self);

      charter_window_open (window, file);
    }

  return 0;
}

static void
charter_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };

  G_APPLICATION_CLASS (charter_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries, G_N_ELEMENTS (app_entries),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window",
                                         new_window_accels);
}

static void
charter_application_shutdown (GApplication *app)
{
  /* A bookmark saved in the background must reach the disk before the process ends. */
  charter_bookmark_store_flush (charter_window_get_default_bookmarks ());

  G_APPLICATION_CLASS (charter_application_parent_class)->shutdown (app);
}

static void
charter_application_class_init (CharterApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = charter_application_handle_local_options;
  app_class->command_line = charter_application_command_line;
  app_class->startup = charter_application_startup;
  app_class->shutdown = charter_application_shutdown;
}

static void
charter_application_init (CharterApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Read a strategy knowledge base offline."));
}

CharterApplication *
charter_application_new (void)
{
  return g_object_new (CHARTER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
