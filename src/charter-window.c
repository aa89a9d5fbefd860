/* charter-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-window"

#include "config.h"

#include <glib/gi18n.h>

#include "charter-loader.h"
#include "charter-window.h"

struct _CharterWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *title;
  GtkStack             *stack;
  GtkListView          *topics_view;
  AdwStatusPage        *error_page;
  GtkProgressBar       *progress;

  CharterKnowledgeBase *knowledge_base;
  CharterLoader        *loader;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (CharterWindow, charter_window, ADW_TYPE_APPLICATION_WINDOW)

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListModel *children;

  if (!CHARTER_IS_TOPIC (item))
    return NULL;

  children = charter_topic_get_children (item);
  if (g_list_model_get_n_items (children) == 0)
    return NULL;

  return g_object_ref (children);
}

static void
set_knowledge_base (CharterWindow        *self,
                    CharterKnowledgeBase *kb)
{
  GtkTreeListModel *tree;
  GtkSingleSelection *selection;

  if (!g_set_object (&self->knowledge_base, kb))
    return;

  adw_window_title_set_title (self->title, charter_knowledge_base_get_title (kb));
  gtk_window_set_title (GTK_WINDOW (self), charter_knowledge_base_get_title (kb));

  tree = gtk_tree_list_model_new (g_object_ref (charter_knowledge_base_get_root_topics (kb)),
                                  FALSE, TRUE, create_children_cb, NULL, NULL);
  selection = gtk_single_selection_new (G_LIST_MODEL (tree));
  gtk_list_view_set_model (self->topics_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  gtk_stack_set_visible_child_name (self->stack, "topics");
}

static void
show_problems (CharterWindow *self,
               const char    *title,
               const char    *detail)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, detail);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CharterWindow) self = user_data;
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GError) error = NULL;

  kb = charter_loader_load_finish (CHARTER_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (kb == NULL)
    {
      GListModel *problems = charter_loader_get_problems (self->loader);
      g_autoptr(GString) detail = g_string_new (NULL);
      guint n = g_list_model_get_n_items (problems);

      for (guint i = 0; i < MIN (n, 20); i++)
        {
          g_autoptr(CharterProblem) problem = g_list_model_get_item (problems, i);

          g_string_append_printf (detail, "%u:%u: %s\n",
                                  charter_problem_get_line (problem),
                                  charter_problem_get_column (problem),
                                  charter_problem_get_message (problem));
        }
      show_problems (self, error->message, detail->str);
      return;
    }

  set_knowledge_base (self, kb);
}

static void
progress_cb (CharterWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress, charter_loader_get_progress (self->loader));
}

/* For the start-up benchmark: the time of the first painted frame, on the
 * monotonic clock that every process shares, then quit.
 */
static void
first_frame_cb (GdkFrameClock *clock,
                CharterWindow *self)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  g_application_quit (g_application_get_default ());
}

static void
realize_cb (CharterWindow *self)
{
  if (g_getenv ("CHARTER_FIRST_FRAME") != NULL)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (first_frame_cb), self, G_CONNECT_DEFAULT);
}

static void
charter_window_dispose (GObject *object)
{
  CharterWindow *self = CHARTER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->loader);
  g_clear_object (&self->knowledge_base);

  G_OBJECT_CLASS (charter_window_parent_class)->dispose (object);
}

static void
charter_window_class_init (CharterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = charter_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/charter-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, title);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, topics_view);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, progress);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
charter_window_init (CharterWindow *self)
{
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);

  self->loader = charter_loader_new ();
  g_signal_connect_swapped (self->loader, "notify::progress", G_CALLBACK (progress_cb), self);

  /* The bundled knowledge base is small and compiled in: load it at once. */
  bytes = g_resources_lookup_data (RESOURCE_PREFIX "/cyberspace-strategy.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL)
    kb = charter_loader_load_bytes (self->loader, bytes, NULL, &error);

  if (kb != NULL)
    set_knowledge_base (self, kb);
  else
    show_problems (self, _("The bundled knowledge base could not be loaded"), error->message);
}

CharterWindow *
charter_window_new (CharterApplication *application)
{
  return g_object_new (CHARTER_TYPE_WINDOW, "application", application, NULL);
}

/**
 * charter_window_open:
 *
 * Loads @file in a worker thread. If it fails, the problems are shown and
 * the knowledge base that was open stays open behind them.
 */
void
charter_window_open (CharterWindow *self,
                     GFile         *file)
{
  g_return_if_fail (CHARTER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  charter_loader_load_async (self->loader, file, self->cancellable, load_cb,
                             g_object_ref (self));
}

/**
 * charter_window_get_knowledge_base:
 *
 * Returns: (transfer none) (nullable): the open knowledge base
 */
CharterKnowledgeBase *
charter_window_get_knowledge_base (CharterWindow *self)
{
  g_return_val_if_fail (CHARTER_IS_WINDOW (self), NULL);

  return self->knowledge_base;
}
