/* charter-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "charter-bookmark-store.h"
#include "charter-document-view.h"
#include "charter-entry-page.h"
#include "charter-history.h"
#include "charter-loader.h"
#include "charter-search-page.h"
#include "charter-sidebar.h"
#include "charter-window.h"

#define MAX_RECENT 8

struct _CharterWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *title;
  GtkToggleButton      *sidebar_button;
  GtkButton            *back_button;
  GtkButton            *forward_button;
  GtkMenuButton        *menu_button;
  GtkToggleButton      *search_button;
  GtkButton            *bookmark_button;
  GtkStack             *stack;
  GtkPaned             *paned;
  CharterSidebar       *sidebar;
  GtkStack             *content_stack;
  AdwStatusPage        *welcome_page;
  AdwStatusPage        *empty_page;
  CharterEntryPage     *entry_page;
  CharterDocumentView  *document_view;
  CharterSearchPage    *search_page;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *progress;
  GtkLabel             *problems_title;
  GtkLabel             *problems_summary;
  GtkListBox           *problems_list;
  GMenu                *recent_submenu;

  CharterKnowledgeBase *knowledge_base;
  GFile                *file;           /* NULL for the bundled knowledge base */
  CharterHistory       *history;
  CharterLoader        *loader;         /* the load under way, if any */
  GCancellable         *cancellable;
  GSettings            *settings;
  char                 *pending_entry;  /* to show once the load under way ends */

  CharterSearchIndex   *search_index;
  GCancellable         *search_cancellable;
  char                 *page_before_search;  /* where Escape goes back to */
  GtkWidget            *focus_before_search;  /* weak */

  CharterBookmarkStore *bookmarks;
  char                 *pending_bookmark;  /* to open once the load under way ends */
};

G_DEFINE_FINAL_TYPE (CharterWindow, charter_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_bookmark_button (CharterWindow *self);
static void open_pending_bookmark  (CharterWindow *self);

static void
update_actions (CharterWindow *self)
{
  gboolean loading = self->loader != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 !loading && charter_history_can_go_back (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward",
                                 !loading && charter_history_can_go_forward (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-open", loading);
}

static void
show_toast (CharterWindow *self,
            const char    *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* Toast titles are Pango markup; messages quote file names and errors. */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Shows @entry without touching the history. */
static void
show_entry (CharterWindow *self,
            CharterEntry  *entry)
{
  if (CHARTER_IS_DOCUMENT (entry))
    {
      charter_document_view_set_document (self->document_view, CHARTER_DOCUMENT (entry));
      gtk_stack_set_visible_child_name (self->content_stack, "document");
    }
  else
    {
      charter_entry_page_set_entry (self->entry_page, entry);
      charter_sidebar_select_entry (self->sidebar, entry);
      gtk_stack_set_visible_child_name (self->content_stack, "entry");
    }

  adw_window_title_set_subtitle (self->title, charter_entry_get_title (entry));
  update_bookmark_button (self);
}

static void
navigate (CharterWindow *self,
          CharterEntry  *entry)
{
  show_entry (self, entry);
  charter_history_push (self->history, charter_entry_get_id (entry));
  update_actions (self);
}

/* The reader's place survives a restart: the file and the entry. */
static void
remember_place (CharterWindow *self)
{
  g_autofree char *uri = self->file ? g_file_get_uri (self->file) : g_strdup ("");
  const char *id = charter_history_get_current (self->history);

  g_settings_set_string (self->settings, "last-file", uri);
  g_settings_set_string (self->settings, "last-entry", id ? id : "");
}

static void
show_history_entry (CharterWindow *self,
                    const char    *id)
{
  CharterEntry *entry;

  if (id == NULL)
    return;

  entry = charter_knowledge_base_lookup (self->knowledge_base, id);
  if (entry != NULL)
    show_entry (self, entry);
  update_actions (self);
}

static void
search_prepared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Search then stays "being prepared"; everything else works as before. */
  if (!charter_search_index_prepare_finish (CHARTER_SEARCH_INDEX (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("The search index could not be built: %s", error->message);
}

/* Builds the index in the background, or opens it from the cache. */
static void
prepare_search (CharterWindow *self)
{
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), APP_ID, "search",
                                                 NULL);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->search_index);

  self->search_cancellable = g_cancellable_new ();
  self->search_index = charter_search_index_new (self->knowledge_base, cache_dir);
  charter_search_page_set_index (self->search_page, self->search_index);
  charter_search_index_prepare_async (self->search_index, self->search_cancellable,
                                      search_prepared_cb, NULL);
}

static void
set_knowledge_base (CharterWindow        *self,
                    CharterKnowledgeBase *kb,
                    GFile                *file)
{
  const char *title = charter_knowledge_base_get_title (kb);
  const char *description = charter_knowledge_base_get_description (kb);
  GListModel *documents = charter_knowledge_base_get_documents (kb);
  g_autofree char *empty = NULL;

  g_set_object (&self->knowledge_base, kb);
  g_set_object (&self->file, file);

  charter_history_clear (self->history);
  charter_sidebar_set_knowledge_base (self->sidebar, kb);
  prepare_search (self);
  if (self->bookmarks != NULL)
    charter_bookmark_store_check_knowledge_base (self->bookmarks, kb);
  charter_entry_page_set_entry (self->entry_page, NULL);
  charter_document_view_set_document (self->document_view, NULL);

  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, NULL);
  gtk_window_set_title (GTK_WINDOW (self), title);

  adw_status_page_set_title (self->welcome_page, title);
  if (description == NULL)
    description = _("Choose a topic or a principle in the sidebar.");
  adw_status_page_set_description (self->welcome_page, description);

  if (g_list_model_get_n_items (documents) == 0)
    {
      empty = g_strdup_printf (_("“%s” has no documents yet."), title);
      adw_status_page_set_description (self->empty_page, empty);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "welcome");

  gtk_stack_set_visible_child_name (self->stack, "main");
  update_actions (self);
}

static GtkWidget *
create_problem_row (gpointer item,
                    gpointer user_data)
{
  CharterProblem *problem = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *path = charter_problem_get_path (problem);

  title = g_markup_escape_text (charter_problem_get_message (problem), -1);
  /* Translators: where a problem is: line, column and the JSON path. */
  subtitle = g_strdup_printf (_("Line %u, column %u · %s"),
                              charter_problem_get_line (problem),
                              charter_problem_get_column (problem),
                              path[0] ? path : "/");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (
                               charter_problem_get_severity (problem) == CHARTER_SEVERITY_ERROR
                               ? "dialog-error-symbolic" : "dialog-warning-symbolic"));

  return row;
}

static void
show_problems (CharterWindow *self,
               GFile         *file,
               const char    *summary,
               GListModel    *problems)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = g_strdup_printf (_("“%s” Could Not Be Opened"), name);

  gtk_label_set_label (self->problems_title, title);
  gtk_label_set_label (self->problems_summary, summary);
  gtk_list_box_bind_model (self->problems_list, problems, create_problem_row, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_list),
                          problems != NULL && g_list_model_get_n_items (problems) > 0);
  gtk_stack_set_visible_child_name (self->stack, "problems");
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .display_name = NULL,
    .description = NULL,
    .mime_type = (char *) "application/json",
    .app_name = (char *) "Charter",
    .app_exec = (char *) "charter %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CharterWindow) self = user_data;
  g_autoptr(CharterLoader) loader = g_object_ref (CHARTER_LOADER (object));
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_object_ref (g_object_get_data (object, "charter-file"));
  g_autofree char *pending_entry = NULL;

  kb = charter_loader_load_finish (loader, result, &error);

  /* A newer load, or the window closing, made this one obsolete. */
  if (self->loader != loader)
    return;
  g_clear_object (&self->loader);
  g_clear_object (&self->cancellable);
  pending_entry = g_steal_pointer (&self->pending_entry);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_stack_set_visible_child_name (self->stack, "main");
      update_actions (self);
      return;
    }

  if (kb == NULL)
    {
      if (g_error_matches (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_INVALID))
        show_problems (self, file, error->message, charter_loader_get_problems (loader));
      else
        show_problems (self, file, error->message, NULL);
      update_actions (self);
      return;
    }

  set_knowledge_base (self, kb, file);
  add_recent (file);

  if (pending_entry != NULL && pending_entry[0] != '\0')
    charter_window_show_entry_by_id (self, pending_entry);
  open_pending_bookmark (self);

  if (charter_loader_get_n_warnings (loader) > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Opened with %u warning: run charter --validate for details",
                                      "Opened with %u warnings: run charter --validate for details",
                                      charter_loader_get_n_warnings (loader)),
                         charter_loader_get_n_warnings (loader));
      show_toast (self, message);
    }
}

static void
progress_cb (CharterLoader *loader,
             GParamSpec    *pspec,
             CharterWindow *self)
{
  gtk_progress_bar_set_fraction (self->progress, charter_loader_get_progress (loader));
}

static void
load_bundled (CharterWindow *self)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* The bundled knowledge base is small and compiled in: load it at once. */
  bytes = g_resources_lookup_data (RESOURCE_PREFIX "/cyberspace-strategy.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL)
    kb = charter_loader_load_bytes (loader, bytes, NULL, &error);

  if (kb == NULL)
    {
      g_critical ("The bundled knowledge base does not load: %s", error->message);
      return;
    }

  set_knowledge_base (self, kb, NULL);
}

static void
sidebar_entry_activated_cb (CharterWindow *self,
                            CharterEntry  *entry)
{
  navigate (self, entry);
}

static void
entry_page_document_activated_cb (CharterWindow   *self,
                                  CharterDocument *document)
{
  navigate (self, CHARTER_ENTRY (document));
}

static void
entry_page_entry_activated_cb (CharterWindow *self,
                               CharterEntry  *entry)
{
  navigate (self, entry);
}

static void
open_uri_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CharterWindow    *self)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "charter-uri");

  if (g_strcmp0 (response, "open") == 0)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* Charter never fetches anything; an outside link goes to the browser only
 * once the reader has seen where it leads and agreed.
 */
static void
confirm_external_link (CharterWindow *self,
                       const char    *uri)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open Link in Browser?"), uri);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "charter-uri", g_strdup (uri), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_uri_response_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_link_cb (CharterWindow *self,
              const char    *uri)
{
  charter_window_follow_link (self, uri);
}

/* Bookmarks */

#define BUNDLED_URI "resource://" RESOURCE_PREFIX "/cyberspace-strategy.json"

/**
 * charter_window_get_default_bookmarks:
 *
 * The bookmarks every window of this process shares, in
 * $XDG_DATA_HOME/io.github.charterkb.Charter/bookmarks.json, read on first
 * use and watched for changes made from outside.
 *
 * Returns: (transfer none): the store
 */
CharterBookmarkStore *
charter_window_get_default_bookmarks (void)
{
  static CharterBookmarkStore *store;

  if (store == NULL)
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), APP_ID,
                                                "bookmarks.json", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      store = charter_bookmark_store_new (file);
      charter_bookmark_store_load (store);
      charter_bookmark_store_set_monitored (store, TRUE);
    }
  return store;
}

static CharterDocument *
current_document (CharterWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "document") != 0)
    return NULL;
  return charter_document_view_get_document (self->document_view);
}

static char *
current_kb_uri (CharterWindow *self)
{
  return self->file ? g_file_get_uri (self->file) : g_strdup (BUNDLED_URI);
}

static void
update_bookmark_button (CharterWindow *self)
{
  CharterDocument *document = current_document (self);
  gboolean marked = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->bookmark_button), document != NULL);
  if (document != NULL && self->bookmarks != NULL)
    marked = charter_bookmark_store_find_entry (self->bookmarks,
                                                charter_knowledge_base_get_id (
                                                  self->knowledge_base),
                                                charter_entry_get_id (CHARTER_ENTRY (document)))
             != NULL;

  gtk_button_set_icon_name (self->bookmark_button,
                            marked ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->bookmark_button),
                               marked ? _("Remove Bookmark (Ctrl+D)")
                                      : _("Bookmark This Document (Ctrl+D)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bookmark_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  marked ? _("Remove Bookmark") : _("Bookmark This Document"),
                                  -1);
}

static void
note_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  CharterWindow    *self)
{
  CharterBookmark *bookmark = g_object_get_data (G_OBJECT (dialog), "bookmark");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "save") == 0 && bookmark != NULL && self->bookmarks != NULL)
    charter_bookmark_store_set_note (self->bookmarks, charter_bookmark_get_id (bookmark),
                                     gtk_editable_get_text (entry));
}

static void
edit_note (CharterWindow   *self,
           CharterBookmark *bookmark)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Bookmark Note"),
                                                       charter_bookmark_get_entry_title (
                                                         bookmark)));
  gtk_editable_set_text (GTK_EDITABLE (entry), charter_bookmark_get_note (bookmark));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why this matters"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "bookmark", g_object_ref (bookmark),
                          g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (note_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
note_toast_cb (AdwToast      *toast,
               CharterWindow *self)
{
  CharterBookmark *bookmark = g_object_get_data (G_OBJECT (toast), "bookmark");

  if (bookmark != NULL)
    edit_note (self, bookmark);
}

static void
add_bookmark (CharterWindow   *self,
              CharterBookmark *bookmark)
{
  AdwToast *toast;

  charter_bookmark_store_add (self->bookmarks, bookmark);
  toast = adw_toast_new (_("Bookmark added"));
  adw_toast_set_button_label (toast, _("Add _Note"));
  g_object_set_data_full (G_OBJECT (toast), "bookmark", g_object_ref (bookmark),
                          g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (note_toast_cb), self);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  update_bookmark_button (self);
}

static void
undo_remove_cb (AdwToast      *toast,
                CharterWindow *self)
{
  CharterBookmark *bookmark = g_object_get_data (G_OBJECT (toast), "bookmark");

  if (bookmark != NULL && self->bookmarks != NULL)
    charter_bookmark_store_add (self->bookmarks, bookmark);
  update_bookmark_button (self);
}

static void
remove_bookmark (CharterWindow   *self,
                 CharterBookmark *bookmark)
{
  g_autoptr(CharterBookmark) removed = NULL;
  AdwToast *toast;

  removed = charter_bookmark_store_remove (self->bookmarks, charter_bookmark_get_id (bookmark));
  if (removed == NULL)
    return;

  toast = adw_toast_new (_("Bookmark removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "bookmark", g_steal_pointer (&removed),
                          g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  update_bookmark_button (self);
}

static void
bookmark_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  CharterDocument *document = current_document (self);
  CharterBookmark *existing;
  g_autoptr(CharterBookmark) bookmark = NULL;
  g_autofree char *uri = NULL;

  if (document == NULL || self->bookmarks == NULL)
    return;

  /* The star toggles: a second Ctrl+D removes, with Undo. */
  existing = charter_bookmark_store_find_entry (self->bookmarks,
                                                charter_knowledge_base_get_id (
                                                  self->knowledge_base),
                                                charter_entry_get_id (CHARTER_ENTRY (document)));
  if (existing != NULL)
    {
      remove_bookmark (self, existing);
      return;
    }

  uri = current_kb_uri (self);
  bookmark = charter_bookmark_new (charter_knowledge_base_get_id (self->knowledge_base),
                                   charter_knowledge_base_get_title (self->knowledge_base),
                                   uri, charter_entry_get_id (CHARTER_ENTRY (document)),
                                   charter_entry_get_title (CHARTER_ENTRY (document)));
  add_bookmark (self, bookmark);
}

static void
bookmark_selection_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  CharterDocument *document = current_document (self);
  GtkTextBuffer *buffer;
  GtkTextIter start, end, all_start, all_end;
  g_autoptr(CharterBookmark) bookmark = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;

  if (document == NULL || self->bookmarks == NULL)
    return;

  buffer = gtk_text_view_get_buffer (charter_document_view_get_text_view (self->document_view));
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      show_toast (self, _("Select a passage first"));
      return;
    }

  gtk_text_buffer_get_bounds (buffer, &all_start, &all_end);
  text = gtk_text_buffer_get_text (buffer, &all_start, &all_end, FALSE);
  uri = current_kb_uri (self);
  bookmark = charter_bookmark_new (charter_knowledge_base_get_id (self->knowledge_base),
                                   charter_knowledge_base_get_title (self->knowledge_base),
                                   uri, charter_entry_get_id (CHARTER_ENTRY (document)),
                                   charter_entry_get_title (CHARTER_ENTRY (document)));
  charter_bookmark_set_passage (bookmark, text, (guint) gtk_text_iter_get_offset (&start),
                                (guint) gtk_text_iter_get_offset (&end));
  add_bookmark (self, bookmark);
}

/* Shows a bookmark of the knowledge base open now, its passage highlighted. */
static void
show_bookmark (CharterWindow   *self,
               CharterBookmark *bookmark)
{
  CharterEntry *entry = charter_knowledge_base_lookup (self->knowledge_base,
                                                       charter_bookmark_get_entry_id (bookmark));
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  guint from, to;

  charter_bookmark_store_check_knowledge_base (self->bookmarks, self->knowledge_base);
  if (entry == NULL)
    {
      show_toast (self, _("This bookmark's document is no longer in its knowledge base"));
      return;
    }

  navigate (self, entry);
  if (!CHARTER_IS_DOCUMENT (entry))
    return;

  buffer = gtk_text_view_get_buffer (charter_document_view_get_text_view (self->document_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (charter_bookmark_locate (bookmark, text, &from, &to) != CHARTER_ANCHOR_DOCUMENT)
    charter_document_view_highlight_hits (self->document_view, &from, &to, 1);
  gtk_widget_grab_focus (GTK_WIDGET (self->document_view));
}

static void
sidebar_bookmark_activated_cb (CharterWindow   *self,
                               CharterBookmark *bookmark)
{
  const char *uri = charter_bookmark_get_kb_uri (bookmark);

  if (self->knowledge_base != NULL &&
      g_strcmp0 (charter_bookmark_get_kb_id (bookmark),
                 charter_knowledge_base_get_id (self->knowledge_base)) == 0)
    {
      show_bookmark (self, bookmark);
      return;
    }

  if (uri == NULL)
    {
      show_toast (self, _("This bookmark does not say where its knowledge base is"));
      return;
    }

  /* Another knowledge base: open it, then the bookmark. */
  g_free (self->pending_bookmark);
  self->pending_bookmark = g_strdup (charter_bookmark_get_id (bookmark));
  if (g_str_equal (uri, BUNDLED_URI))
    {
      load_bundled (self);
      open_pending_bookmark (self);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      charter_window_open (self, file);
    }
}

static void
open_pending_bookmark (CharterWindow *self)
{
  g_autofree char *id = g_steal_pointer (&self->pending_bookmark);
  CharterBookmark *bookmark;

  if (id == NULL || self->bookmarks == NULL)
    return;
  bookmark = charter_bookmark_store_lookup (self->bookmarks, id);
  if (bookmark != NULL &&
      g_strcmp0 (charter_bookmark_get_kb_id (bookmark),
                 charter_knowledge_base_get_id (self->knowledge_base)) == 0)
    show_bookmark (self, bookmark);
  else if (bookmark != NULL)
    show_toast (self, _("The file opened is not this bookmark's knowledge base any more"));
}

static void
sidebar_bookmark_remove_cb (CharterWindow   *self,
                            CharterBookmark *bookmark)
{
  remove_bookmark (self, bookmark);
}

static void
sidebar_bookmark_edit_cb (CharterWindow   *self,
                          CharterBookmark *bookmark)
{
  edit_note (self, bookmark);
}

static void
problem_details_cb (AdwToast      *toast,
                    CharterWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Bookmarks File"),
                                   charter_bookmark_store_get_problem (self->bookmarks));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bookmarks_problem_cb (CharterWindow *self)
{
  const char *problem = charter_bookmark_store_get_problem (self->bookmarks);
  AdwToast *toast;

  if (problem == NULL)
    return;
  /* Said once, and kept until read: the reader must know where the old file went.
   * The whole message is too long for a toast: it is one click away.
   */
  toast = adw_toast_new (_("There is a problem with your bookmarks file"));
  adw_toast_set_button_label (toast, _("_Details"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (problem_details_cb), self);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * charter_window_set_bookmarks:
 * @store: (nullable): the bookmarks to show and add to
 */
void
charter_window_set_bookmarks (CharterWindow        *self,
                              CharterBookmarkStore *store)
{
  g_return_if_fail (CHARTER_IS_WINDOW (self));
  g_return_if_fail (!store || CHARTER_IS_BOOKMARK_STORE (store));

  if (self->bookmarks == store)
    return;
  if (self->bookmarks != NULL)
    g_signal_handlers_disconnect_by_data (self->bookmarks, self);
  g_set_object (&self->bookmarks, store);
  charter_sidebar_set_bookmarks (self->sidebar, G_LIST_MODEL (store));
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "items-changed", G_CALLBACK (update_bookmark_button),
                                self);
      g_signal_connect_swapped (store, "notify::problem", G_CALLBACK (bookmarks_problem_cb),
                                self);
      if (self->knowledge_base != NULL)
        charter_bookmark_store_check_knowledge_base (store, self->knowledge_base);
      bookmarks_problem_cb (self);
    }
  update_bookmark_button (self);
}

static gboolean
searching (CharterWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "search") == 0;
}

static void
show_search (CharterWindow *self)
{
  GtkWidget *focus;

  /* Nothing to search while a knowledge base loads or failed to: the header
   * button must not stay pressed for a page that is not shown.
   */
  if (gtk_stack_get_visible_child (self->stack) !=
      gtk_stack_get_child_by_name (self->stack, "main"))
    {
      gtk_toggle_button_set_active (self->search_button, FALSE);
      return;
    }

  if (!searching (self))
    {
      g_free (self->page_before_search);
      self->page_before_search =
        g_strdup (gtk_stack_get_visible_child_name (self->content_stack));
      focus = gtk_root_get_focus (GTK_ROOT (self));
      g_set_weak_pointer (&self->focus_before_search, focus);
      gtk_stack_set_visible_child_name (self->content_stack, "search");
    }
  gtk_toggle_button_set_active (self->search_button, TRUE);
  charter_search_page_focus_entry (self->search_page);
}

/* Escape: back to the page, and the place on it, the reader left. */
static void
leave_search (CharterWindow *self)
{
  if (!searching (self))
    return;

  gtk_stack_set_visible_child_name (self->content_stack,
                                    self->page_before_search ? self->page_before_search
                                                             : "welcome");
  gtk_toggle_button_set_active (self->search_button, FALSE);
  if (self->focus_before_search != NULL &&
      gtk_widget_is_ancestor (self->focus_before_search, GTK_WIDGET (self)) &&
      gtk_widget_get_mapped (self->focus_before_search))
    gtk_widget_grab_focus (self->focus_before_search);
  else
    gtk_widget_child_focus (GTK_WIDGET (self->content_stack), GTK_DIR_TAB_FORWARD);
}

static void
search_button_toggled_cb (CharterWindow *self)
{
  if (gtk_toggle_button_get_active (self->search_button))
    show_search (self);
  else
    leave_search (self);
}

static void
content_page_changed_cb (CharterWindow *self)
{
  /* Left for another page some other way (a link, the sidebar): the button follows. */
  if (!searching (self))
    gtk_toggle_button_set_active (self->search_button, FALSE);
  update_bookmark_button (self);
}

static void
search_stop_cb (CharterWindow *self)
{
  leave_search (self);
}

static void
search_result_activated_cb (CharterWindow       *self,
                            CharterSearchResult *result)
{
  CharterDocument *document = charter_search_result_get_document (result);
  const GArray *hits = charter_search_result_get_hits (result);
  g_autofree guint *starts = g_new (guint, MAX (hits->len, 1));
  g_autofree guint *ends = g_new (guint, MAX (hits->len, 1));

  for (guint i = 0; i < hits->len; i++)
    {
      starts[i] = g_array_index (hits, CharterTextRange, i).start;
      ends[i] = g_array_index (hits, CharterTextRange, i).end;
    }

  navigate (self, CHARTER_ENTRY (document));
  charter_document_view_highlight_hits (self->document_view, starts, ends, hits->len);
  gtk_widget_grab_focus (GTK_WIDGET (self->document_view));
}

/* Ctrl+F from anywhere in the window finds in the document shown. */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "document") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->document_view), "find.show", NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  show_search (CHARTER_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);

  show_history_entry (self, charter_history_go_back (self->history));
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);

  show_history_entry (self, charter_history_go_forward (self->history));
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  CharterWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      charter_window_open (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* GtkFileChooserNative goes through the portal under Flatpak. */
  dialog = gtk_file_chooser_native_new (_("Open Knowledge Base"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (json, _("Knowledge Bases (JSON)"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Export and import of bookmarks. The format is the export's: "json" or "markdown". */

/**
 * charter_window_export_bookmarks:
 * @format: "json" (re-importable) or "markdown"
 *
 * Writes every bookmark to @file.
 */
gboolean
charter_window_export_bookmarks (CharterWindow  *self,
                                 GFile          *file,
                                 const char     *format,
                                 GError        **error)
{
  g_return_val_if_fail (CHARTER_IS_WINDOW (self), FALSE);

  return charter_bookmark_store_export_to_file (self->bookmarks, file,
                                                g_str_equal (format, "markdown"), error);
}

/**
 * charter_window_import_bookmarks:
 *
 * Merges the bookmarks exported to @file in, and says how many were new.
 *
 * Returns: how many were added, or -1 with @error set
 */
int
charter_window_import_bookmarks (CharterWindow  *self,
                                 GFile          *file,
                                 GError        **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (CHARTER_IS_WINDOW (self), -1);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return -1;
  return charter_bookmark_store_import_json (self->bookmarks, contents, (gssize) length, error);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CharterWindow   *self)
{
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (charter_window_export_bookmarks (self, file, format, &error))
        message = g_strdup_printf (_("Bookmarks exported to “%s”"), name);
      else
        message = g_strdup_printf (_("The bookmarks could not be exported: %s"), error->message);
      show_toast (self, message);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_bookmarks_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  gboolean markdown = g_str_equal (format, "markdown");
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (markdown ? _("Export Bookmarks as Markdown")
                                                 : _("Export Bookmarks"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                     markdown ? "bookmarks.md" : "bookmarks.json");
  g_object_set_data (G_OBJECT (dialog), "format", markdown ? "markdown" : "json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CharterWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;
      int added = charter_window_import_bookmarks (self, file, &error);

      if (added < 0)
        message = g_strdup_printf (_("“%s” could not be imported: %s"), name, error->message);
      else if (added == 0)
        message = g_strdup_printf (_("“%s” has no bookmarks you do not have already"), name);
      else
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d bookmark imported",
                                                "%d bookmarks imported", (gulong) added),
                                   added);
      show_toast (self, message);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
import_bookmarks_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Import Bookmarks"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                        _("_Cancel"));
  gtk_file_filter_set_name (json, _("Bookmarks (JSON)"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), json);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  charter_window_open (CHARTER_WINDOW (widget), file);
}

static void
open_bundled_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  load_bundled (CHARTER_WINDOW (widget));
}

static void
cancel_open_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
dismiss_problems_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  GtkWidget *sidebar = GTK_WIDGET (self->sidebar);

  gtk_widget_set_visible (sidebar, !gtk_widget_get_visible (sidebar));
}

static gboolean
focus_within (GtkWidget *ancestor)
{
  GtkRoot *root = gtk_widget_get_root (ancestor);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == ancestor || gtk_widget_is_ancestor (focus, ancestor));
}

/* F6 goes round the window's parts: sidebar → content → header bar. */
static void
cycle_focus_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CharterWindow *self = CHARTER_WINDOW (widget);
  GtkWidget *sidebar = GTK_WIDGET (self->sidebar);
  GtkWidget *content = GTK_WIDGET (self->content_stack);
  GtkWidget *header = GTK_WIDGET (self->header_bar);
  GtkWidget *next;

  if (focus_within (sidebar) && gtk_widget_get_visible (content))
    next = content;
  else if (focus_within (content))
    next = header;
  else if (gtk_widget_get_visible (sidebar))
    next = sidebar;
  else
    next = content;

  if (!gtk_widget_child_focus (next, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (next);

  /* A shortcut is keyboard navigation too: show where the focus went. */
  gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
}

static void
update_recent_menu (CharterWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint n = 0;

  g_menu_remove_all (self->recent_submenu);

  for (GList *l = items; l != NULL && n < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      g_autoptr(GMenuItem) item = NULL;

      if (!gtk_recent_info_has_application (info, "Charter") || !gtk_recent_info_exists (info))
        continue;

      {
        g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
        g_autoptr(GFile) parent = g_file_get_parent (file);
        g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
        g_autofree char *label = NULL;

        /* Files of the same name in different folders must stay apart. */
        /* Translators: a recent file: its name, then the folder it is in. */
        label = folder ? g_strdup_printf (_("%s — %s"), gtk_recent_info_get_display_name (info),
                                          folder)
                       : g_strdup (gtk_recent_info_get_display_name (info));
        item = g_menu_item_new (label, NULL);
      }
      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_submenu, item);
      n++;
    }

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Files"), "win.no-recent");

      g_menu_append_item (self->recent_submenu, item);
    }

  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         CharterWindow *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  charter_window_open (self, files->data);

  return TRUE;
}

static void
button_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CharterWindow   *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  /* The "back" and "forward" buttons of a mouse. */
  if (button == 8)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.back", NULL);
  else if (button == 9)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.forward", NULL);
  else
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
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

static gboolean
charter_window_close_request (GtkWindow *window)
{
  CharterWindow *self = CHARTER_WINDOW (window);
  int width, height;

  remember_place (self);

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_boolean (self->settings, "sidebar-visible",
                          gtk_widget_get_visible (GTK_WIDGET (self->sidebar)));
  g_settings_set_int (self->settings, "sidebar-width", gtk_paned_get_position (self->paned));

  return GTK_WINDOW_CLASS (charter_window_parent_class)->close_request (window);
}

static void
charter_window_dispose (GObject *object)
{
  CharterWindow *self = CHARTER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->loader);
  g_clear_object (&self->knowledge_base);
  g_clear_object (&self->file);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_entry, g_free);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->search_index);
  g_clear_pointer (&self->page_before_search, g_free);
  g_clear_pointer (&self->pending_bookmark, g_free);
  if (self->bookmarks != NULL)
    g_signal_handlers_disconnect_by_data (self->bookmarks, self);
  g_clear_object (&self->bookmarks);
  g_clear_weak_pointer (&self->focus_before_search);

  gtk_widget_dispose_template (GTK_WIDGET (self), CHARTER_TYPE_WINDOW);

  G_OBJECT_CLASS (charter_window_parent_class)->dispose (object);
}

static void
charter_window_class_init (CharterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = charter_window_dispose;
  window_class->close_request = charter_window_close_request;

  g_type_ensure (CHARTER_TYPE_SIDEBAR);
  g_type_ensure (CHARTER_TYPE_ENTRY_PAGE);
  g_type_ensure (CHARTER_TYPE_DOCUMENT_VIEW);
  g_type_ensure (CHARTER_TYPE_SEARCH_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/charter-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, title);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, forward_button);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, bookmark_button);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, entry_page);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, document_view);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, progress);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, problems_title);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, problems_summary);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, CharterWindow, recent_submenu);

  gtk_widget_class_bind_template_callback (widget_class, sidebar_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_page_document_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_page_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_link_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_bookmark_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_bookmark_remove_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_bookmark_edit_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-bundled", NULL, open_bundled_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-open", NULL, cancel_open_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-problems", NULL,
                                   dismiss_problems_action);
  gtk_widget_class_install_action (widget_class, "win.cycle-focus", NULL, cycle_focus_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark", NULL, bookmark_action);
  gtk_widget_class_install_action (widget_class, "win.export-bookmarks", "s",
                                   export_bookmarks_action);
  gtk_widget_class_install_action (widget_class, "win.import-bookmarks", NULL,
                                   import_bookmarks_action);
  gtk_widget_class_install_action (widget_class, "win.bookmark-selection", NULL,
                                   bookmark_selection_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   toggle_sidebar_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "win.forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Forward, 0, "win.forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.bookmark",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.cycle-focus", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-open", NULL);
}

static void
charter_window_init (CharterWindow *self)
{
  GtkDropTarget *drop;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = charter_history_new ();
  self->settings = g_settings_new (APP_ID);

  g_signal_connect_swapped (self->search_button, "toggled",
                            G_CALLBACK (search_button_toggled_cb), self);
  g_signal_connect_swapped (self->content_stack, "notify::visible-child",
                            G_CALLBACK (content_page_changed_cb), self);

  {
    g_autoptr(GMenu) extra = g_menu_new ();

    g_menu_append (extra, _("_Bookmark Selection"), "win.bookmark-selection");
    gtk_text_view_set_extra_menu (charter_document_view_get_text_view (self->document_view),
                                  G_MENU_MODEL (extra));
  }
  charter_window_set_bookmarks (self, charter_window_get_default_bookmarks ());

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar),
                          g_settings_get_boolean (self->settings, "sidebar-visible"));
  gtk_paned_set_position (self->paned, MAX (220, g_settings_get_int (self->settings,
                                                                     "sidebar-width")));

  g_object_bind_property (self->sidebar, "visible", self->sidebar_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect (self, "realize", G_CALLBACK (realize_cb), NULL);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (button_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-recent", FALSE);

  load_bundled (self);
}

CharterWindow *
charter_window_new (CharterApplication *application)
{
  return g_object_new (CHARTER_TYPE_WINDOW, "application", application, NULL);
}

/**
 * charter_window_open:
 *
 * Loads @file in a worker thread, showing progress. If it fails, its
 * problems are shown, and the knowledge base that was open stays open
 * behind them.
 */
void
charter_window_open (CharterWindow *self,
                     GFile         *file)
{
  g_return_if_fail (CHARTER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->loader);

  self->cancellable = g_cancellable_new ();
  self->loader = charter_loader_new ();
  g_object_set_data_full (G_OBJECT (self->loader), "charter-file", g_object_ref (file),
                          g_object_unref);
  g_signal_connect_object (self->loader, "notify::progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_DEFAULT);

  gtk_progress_bar_set_fraction (self->progress, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);

  charter_loader_load_async (self->loader, file, self->cancellable, load_cb, g_object_ref (self));
}

/**
 * charter_window_follow_link:
 * @uri: `kb:ID` for an entry of the open knowledge base, or an outside URL
 *
 * What activating a link does, wherever it is.
 */
void
charter_window_follow_link (CharterWindow *self,
                            const char    *uri)
{
  g_return_if_fail (CHARTER_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  if (g_str_has_prefix (uri, "kb:"))
    {
      CharterEntry *entry = charter_knowledge_base_lookup (self->knowledge_base, uri + 3);
      g_autofree char *message = NULL;

      if (entry != NULL)
        {
          navigate (self, entry);
          return;
        }

      message = g_strdup_printf (_("“%s” is not in this knowledge base"), uri + 3);
      show_toast (self, message);
    }
  else if (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://"))
    confirm_external_link (self, uri);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Charter does not open links like “%s”"),
                                                  uri);
      show_toast (self, message);
    }
}

/**
 * charter_window_show_entry_by_id:
 *
 * Returns: %TRUE if the open knowledge base has an entry @id, now shown
 */
gboolean
charter_window_show_entry_by_id (CharterWindow *self,
                                 const char    *id)
{
  CharterEntry *entry;

  g_return_val_if_fail (CHARTER_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  entry = charter_knowledge_base_lookup (self->knowledge_base, id);
  if (entry == NULL)
    return FALSE;

  navigate (self, entry);

  return TRUE;
}

/**
 * charter_window_restore_place:
 *
 * Opens the knowledge base and the entry the reader had open last, if the
 * file is still there; the bundled knowledge base stays open otherwise.
 */
void
charter_window_restore_place (CharterWindow *self)
{
  g_autofree char *uri = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (CHARTER_IS_WINDOW (self));

  uri = g_settings_get_string (self->settings, "last-file");
  id = g_settings_get_string (self->settings, "last-entry");

  if (uri[0] != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);

      if (!g_file_query_exists (file, NULL))
        return;

      g_free (self->pending_entry);
      self->pending_entry = g_steal_pointer (&id);
      charter_window_open (self, file);
    }
  else if (id[0] != '\0')
    charter_window_show_entry_by_id (self, id);
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

/**
 * charter_window_get_current_id:
 *
 * Returns: (nullable): the id of the entry on screen
 */
const char *
charter_window_get_current_id (CharterWindow *self)
{
  g_return_val_if_fail (CHARTER_IS_WINDOW (self), NULL);

  return charter_history_get_current (self->history);
}
