/* test-document-view.c: a document as the reader sees it, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "charter-document-view.h"
#include "charter-loader.h"

#include "charter-ui-test.h"

static CharterKnowledgeBase *
load_bundled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "cyberspace-strategy.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb = charter_loader_load_file (loader, file, NULL, &error);

  g_assert_no_error (error);

  return kb;
}

typedef struct
{
  CharterKnowledgeBase *kb;
  /* A knowledge base that a test writes for itself. */
  CharterKnowledgeBase *other_kb;
  GtkWindow            *window;
  CharterDocumentView  *view;
  GtkTextBuffer        *buffer;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->kb = load_bundled ();
  f->view = CHARTER_DOCUMENT_VIEW (charter_document_view_new ());
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  iterate ();
  f->buffer = gtk_text_view_get_buffer (charter_document_view_get_text_view (f->view));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  CharterDocumentView *view = f->view;

  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_destroy (f->window);
  iterate ();
  g_assert_null (view);
  g_clear_object (&f->kb);
  g_clear_object (&f->other_kb);
}

static CharterDocument *
document (Fixture    *f,
          const char *id)
{
  CharterEntry *entry = charter_knowledge_base_lookup (f->kb, id);

  g_assert_true (CHARTER_IS_DOCUMENT (entry));

  return CHARTER_DOCUMENT (entry);
}

static gboolean
has_tag (GtkTextBuffer *buffer,
         guint          offset,
         const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) offset);

  return gtk_text_iter_has_tag (&iter, tag);
}

static const CharterSpan *
first_span (CharterRichText *text,
            CharterSpanKind  kind)
{
  for (guint i = 0; i < charter_rich_text_get_n_spans (text); i++)
    {
      const CharterSpan *span = charter_rich_text_get_span (text, i);

      if (span->kind == kind)
        return span;
    }

  return NULL;
}

static void
test_text_and_tags (Fixture       *f,
                    gconstpointer  data)
{
  CharterDocument *doc = document (f, "principle-sovereignty");
  g_autoptr(CharterRichText) text = charter_document_render (doc);
  GtkTextIter start, end;
  g_autofree char *shown = NULL;
  const CharterSpan *span;

  charter_document_view_set_document (f->view, doc);
  gtk_text_buffer_get_bounds (f->buffer, &start, &end);
  shown = gtk_text_buffer_get_text (f->buffer, &start, &end, FALSE);

  /* The reader sees exactly the rich text, so offsets agree everywhere. */
  g_assert_cmpstr (shown, ==, charter_rich_text_get_text (text));

  span = first_span (text, CHARTER_SPAN_STRONG);
  g_assert_nonnull (span);
  g_assert_true (has_tag (f->buffer, span->start, "strong"));
  g_assert_true (has_tag (f->buffer, span->end - 1, "strong"));
  g_assert_false (has_tag (f->buffer, span->end, "strong"));

  span = first_span (text, CHARTER_SPAN_EMPHASIS);
  g_assert_nonnull (span);
  g_assert_true (has_tag (f->buffer, span->start, "emphasis"));
  g_assert_false (has_tag (f->buffer, span->end, "emphasis"));

  span = first_span (text, CHARTER_SPAN_HEADING);
  g_assert_nonnull (span);
  {
    g_autofree char *name = g_strdup_printf ("heading-%u", span->level);

    g_assert_true (has_tag (f->buffer, span->start, name));
  }

  span = first_span (text, CHARTER_SPAN_LINK);
  g_assert_nonnull (span);
  g_assert_true (has_tag (f->buffer, span->start, "link"));
  g_assert_false (has_tag (f->buffer, span->end, "link"));

  span = first_span (text, CHARTER_SPAN_LIST_ITEM);
  g_assert_nonnull (span);
  g_assert_true (has_tag (f->buffer, span->start, "list-item"));
}

static void
record_cb (CharterDocumentView *view,
           const char          *uri,
           GPtrArray           *uris)
{
  g_ptr_array_add (uris, g_strdup (uri));
}

static void
test_links (Fixture       *f,
            gconstpointer  data)
{
  CharterDocument *doc = document (f, "principle-sovereignty");
  g_autoptr(CharterRichText) text = charter_document_render (doc);
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  const CharterSpan *span = first_span (text, CHARTER_SPAN_LINK);
  const CharterSpan *paragraph = first_span (text, CHARTER_SPAN_PARAGRAPH);

  g_signal_connect (f->view, "open-link", G_CALLBACK (record_cb), uris);
  charter_document_view_set_document (f->view, doc);

  g_assert_true (charter_document_view_activate_link_at (f->view, span->start));
  g_assert_true (charter_document_view_activate_link_at (f->view, span->end - 1));
  /* Where there is no link, nothing happens. */
  g_assert_false (charter_document_view_activate_link_at (f->view, paragraph->start));

  g_assert_cmpuint (uris->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (uris, 0), ==, span->url);
  g_assert_cmpstr (g_ptr_array_index (uris, 1), ==, span->url);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_property (Fixture       *f,
               gconstpointer  data)
{
  CharterDocument *doc = document (f, "principle-peace");
  guint notified = 0;
  GtkTextIter start, end;

  g_signal_connect (f->view, "notify::document", G_CALLBACK (count_cb), &notified);
  charter_document_view_set_document (f->view, doc);
  charter_document_view_set_document (f->view, doc);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (charter_document_view_get_document (f->view) == doc);

  charter_document_view_set_document (f->view, NULL);
  g_assert_cmpuint (notified, ==, 2);
  gtk_text_buffer_get_bounds (f->buffer, &start, &end);
  g_assert_true (gtk_text_iter_equal (&start, &end));
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  CharterDocument *doc = document (f, "principle-peace");
  GtkTextView *text_view = charter_document_view_get_text_view (f->view);

  charter_document_view_set_document (f->view, doc);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       charter_entry_get_title (CHARTER_ENTRY (doc)));
  /* Read-only, but the caret moves and selects with the keyboard. */
  g_assert_false (gtk_text_view_get_editable (text_view));
  g_assert_true (gtk_text_view_get_cursor_visible (text_view));
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  GtkTextView *text_view = charter_document_view_get_text_view (f->view);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (text_view));
  g_autofree char *copied = NULL;
  g_autofree char *expected = NULL;
  GtkTextIter start, end;

  charter_document_view_set_document (f->view, document (f, "principle-peace"));
  gtk_text_buffer_get_iter_at_offset (f->buffer, &start, 0);
  gtk_text_buffer_get_iter_at_offset (f->buffer, &end, 40);
  gtk_text_buffer_select_range (f->buffer, &start, &end);
  expected = gtk_text_buffer_get_text (f->buffer, &start, &end, FALSE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (text_view), "clipboard.copy", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, copied_cb, &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (copied, ==, expected);
}

/* Where @needle is in the buffer, case aside, found another way than the view
 * finds it: character offsets of each start.
 */
static GArray *
find_occurrences (GtkTextBuffer *buffer,
                  const char    *needle)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  folded = g_utf8_casefold (text, -1);
  /* Offsets in the folded text are offsets in the buffer only if folding
   * kept every character one character.
   */
  g_assert_cmpint (g_utf8_strlen (folded, -1), ==, gtk_text_buffer_get_char_count (buffer));

  for (const char *p = strstr (folded, folded_needle); p != NULL;
       p = strstr (p + strlen (folded_needle), folded_needle))
    {
      guint offset = (guint) g_utf8_pointer_to_offset (folded, p);

      g_array_append_val (starts, offset);
    }

  return starts;
}

static guint
count_occurrences (GtkTextBuffer *buffer,
                   const char    *needle)
{
  g_autoptr(GArray) starts = find_occurrences (buffer, needle);

  return starts->len;
}

static gpointer
template_child (Fixture    *f,
                const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (f->view), CHARTER_TYPE_DOCUMENT_VIEW, name);
}

static const char *
find_count (Fixture *f)
{
  return gtk_label_get_label (template_child (f, "find_count"));
}

static gboolean
activate (Fixture    *f,
          const char *action)
{
  return gtk_widget_activate_action (GTK_WIDGET (f->view), action, NULL);
}

/* The button of the bar that activates @action. */
static GtkWidget *
find_button (Fixture    *f,
             const char *action)
{
  GtkWidget *bar = template_child (f, "find_bar");

  for (GtkWidget *child = gtk_widget_get_first_child (bar); child != NULL; )
    {
      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;

      /* Depth first, through the whole bar. */
      if (gtk_widget_get_first_child (child) != NULL)
        {
          child = gtk_widget_get_first_child (child);
        }
      else
        {
          while (child != bar && gtk_widget_get_next_sibling (child) == NULL)
            child = gtk_widget_get_parent (child);
          child = child == bar ? NULL : gtk_widget_get_next_sibling (child);
        }
    }

  return NULL;
}

/* Enabled, as the button that activates it shows. */
static gboolean
is_enabled (Fixture    *f,
            const char *action)
{
  GtkWidget *button = find_button (f, action);

  g_assert_nonnull (button);

  return gtk_widget_get_sensitive (button);
}

/* Where the match the reader is on starts: where "find-current" begins. */
static int
current_start (Fixture *f)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (f->buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, "find-current");
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (f->buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return -1;

  return gtk_text_iter_get_offset (&iter);
}

static void
assert_label (Fixture *f,
              guint    current,
              guint    total)
{
  g_autofree char *expected = g_strdup_printf ("%u of %u", current, total);

  g_assert_cmpstr (find_count (f), ==, expected);
}

/* The bar may hand the focus to its entry only once it is shown: waits for
 * that, for a while.
 */
static gboolean
entry_has_focus (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  GtkWidget *entry = template_child (f, "find_entry");
  GtkWidget *focus;

  while ((focus = gtk_root_get_focus (GTK_ROOT (f->window))) == NULL ||
         !gtk_widget_is_ancestor (focus, entry))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
    }

  return TRUE;
}

static void
open_with_sovereignty (Fixture *f)
{
  charter_document_view_set_document (f->view, document (f, "principle-sovereignty"));
  iterate ();
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  GtkSearchBar *bar = template_child (f, "find_bar");
  g_autoptr(GArray) expected = NULL;
  guint length = (guint) strlen ("sovereignty");

  open_with_sovereignty (f);
  expected = find_occurrences (f->buffer, "sovereignty");
  g_assert_cmpuint (expected->len, >, 2);

  /* Ctrl+F opens the bar with the entry focused; nothing is found yet. */
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_true (activate (f, "find.show"));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  g_assert_true (entry_has_focus (f));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, -1);
  g_assert_cmpstr (find_count (f), ==, "");

  /* Every match is found and painted, case aside; the first is current. */
  g_assert_true (charter_document_view_find (f->view, "SoVeReIgNtY"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, expected->len);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  assert_label (f, 1, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      guint start = g_array_index (expected, guint, i);

      g_assert_true (has_tag (f->buffer, start, "find-match"));
      g_assert_true (has_tag (f->buffer, start + length - 1, "find-match"));
      if (start > 0)
        g_assert_false (has_tag (f->buffer, start - 1, "find-match"));
    }
  g_assert_cmpint (current_start (f), ==, g_array_index (expected, guint, 0));
  g_assert_false (has_tag (f->buffer, g_array_index (expected, guint, 1), "find-current"));
}

static void
test_find_wraps (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GArray) expected = NULL;
  guint n;

  open_with_sovereignty (f);
  expected = find_occurrences (f->buffer, "sovereignty");
  n = expected->len;
  g_assert_true (charter_document_view_find (f->view, "sovereignty"));

  /* Ctrl+G moves the current match, and the highlight with it. */
  g_assert_true (activate (f, "find.next"));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 1);
  g_assert_cmpint (current_start (f), ==, g_array_index (expected, guint, 1));
  g_assert_false (has_tag (f->buffer, g_array_index (expected, guint, 0), "find-current"));
  g_assert_true (has_tag (f->buffer, g_array_index (expected, guint, 0), "find-match"));
  assert_label (f, 2, n);

  /* Past the last comes the first again. */
  for (guint i = 1; i < n - 1; i++)
    g_assert_true (activate (f, "find.next"));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, (int) n - 1);
  assert_label (f, n, n);
  g_assert_true (activate (f, "find.next"));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  g_assert_cmpint (current_start (f), ==, g_array_index (expected, guint, 0));
  assert_label (f, 1, n);

  /* Before the first comes the last. */
  g_assert_true (activate (f, "find.previous"));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, (int) n - 1);
  g_assert_cmpint (current_start (f), ==, g_array_index (expected, guint, n - 1));
  assert_label (f, n, n);
  g_assert_true (activate (f, "find.previous"));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, (int) n - 2);
}

/* The GtkEventControllerKey that the template puts on the entry. */
static GtkEventController *
find_controller (Fixture    *f,
                 const char *name)
{
  GtkWidget *entry = template_child (f, "find_entry");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (entry);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      /* The entry keeps its own reference. */
      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        return controller;
    }

  return NULL;
}

static void
test_find_entry_keys (Fixture       *f,
                      gconstpointer  data)
{
  GObject *entry = template_child (f, "find_entry");
  GtkEventController *keys;
  gboolean handled = FALSE;
  guint n;

  open_with_sovereignty (f);
  g_assert_true (charter_document_view_find (f->view, "sovereignty"));
  n = charter_document_view_get_n_matches (f->view);

  /* Enter, and Ctrl+G inside the entry, go on; Shift+Ctrl+G goes back. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 1);
  g_signal_emit_by_name (entry, "next-match");
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 2);
  g_signal_emit_by_name (entry, "previous-match");
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 1);

  /* Shift+Enter goes back, and wraps. */
  keys = find_controller (f, "find-shift-enter");
  g_assert_nonnull (keys);
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (keys), ==, GTK_PHASE_CAPTURE);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 0, GDK_SHIFT_MASK, &handled);
  g_assert_true (handled);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_KP_Enter, 0, GDK_SHIFT_MASK, &handled);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, (int) n - 1);
  /* Plain Enter is left to the entry. */
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
  g_assert_false (handled);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, (int) n - 1);

  /* Typing and pressing Enter before the entry's delay: the new text is found. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzzqqq");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
  g_assert_cmpstr (find_count (f), ==, "No matches");

  /* Escape in the entry closes the bar. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (template_child (f, "find_bar")));
}

static void
test_find_no_match (Fixture       *f,
                    gconstpointer  data)
{
  open_with_sovereignty (f);

  g_assert_false (charter_document_view_find (f->view, "zzzqqq"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, -1);
  g_assert_cmpstr (find_count (f), ==, "No matches");
  /* Nowhere to go: the buttons are insensitive, and Ctrl+G is left to others. */
  g_assert_false (is_enabled (f, "find.next"));
  g_assert_false (is_enabled (f, "find.previous"));
  g_assert_true (is_enabled (f, "find.close"));

  /* An empty entry says nothing at all. */
  g_assert_false (charter_document_view_find (f->view, ""));
  g_assert_cmpstr (find_count (f), ==, "");

  /* Found after all: the buttons work again. */
  g_assert_true (charter_document_view_find (f->view, "sovereignty"));
  g_assert_true (is_enabled (f, "find.next"));
  g_assert_true (is_enabled (f, "find.previous"));
  g_assert_true (activate (f, "find.next"));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 1);
}

static void
test_find_document_change (Fixture       *f,
                           gconstpointer  data)
{
  guint n;

  open_with_sovereignty (f);
  g_assert_true (charter_document_view_find (f->view, "sovereignty"));
  g_assert_true (activate (f, "find.next"));

  /* Another document while the bar is open: found again there, from its start. */
  charter_document_view_set_document (f->view, document (f, "glossary"));
  iterate ();
  n = count_occurrences (f->buffer, "sovereignty");
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, n);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  assert_label (f, 1, n);

  /* No document: nothing to find. */
  charter_document_view_set_document (f->view, NULL);
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
  g_assert_cmpstr (find_count (f), ==, "No matches");
}

static void
test_find_close (Fixture       *f,
                 gconstpointer  data)
{
  GtkSearchBar *bar = template_child (f, "find_bar");
  g_autoptr(GArray) expected = NULL;
  GtkTextIter start, end;
  guint current;

  open_with_sovereignty (f);
  expected = find_occurrences (f->buffer, "sovereignty");
  g_assert_true (charter_document_view_find (f->view, "sovereignty"));
  g_assert_true (activate (f, "find.next"));
  current = g_array_index (expected, guint, 1);
  g_assert_true (has_tag (f->buffer, current, "find-current"));

  /* Escape: the bar closes, every highlight goes, the text has the focus
   * and the match the reader was on selected.
   */
  g_assert_true (activate (f, "find.close"));
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, -1);
  for (guint i = 0; i < expected->len; i++)
    {
      g_assert_false (has_tag (f->buffer, g_array_index (expected, guint, i), "find-match"));
      g_assert_false (has_tag (f->buffer, g_array_index (expected, guint, i), "find-current"));
    }
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 GTK_WIDGET (charter_document_view_get_text_view (f->view)));
  g_assert_true (gtk_text_buffer_get_selection_bounds (f->buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, current);
  g_assert_cmpstr (find_count (f), ==, "");

  /* Closed, Escape and Ctrl+G are left to others. */
  g_assert_false (is_enabled (f, "find.close"));
  g_assert_false (is_enabled (f, "find.next"));

  /* Showing another document with the bar closed finds nothing. */
  charter_document_view_set_document (f->view, document (f, "glossary"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
}

static CharterKnowledgeBase *
load_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb = charter_loader_load_bytes (loader, bytes, NULL, &error);

  g_assert_no_error (error);

  return kb;
}

/* Shows a knowledge base of one document with @body, JSON-escaped, as its
 * Markdown.
 */
static void
show_body (Fixture    *f,
           const char *body)
{
  g_autofree char *json = g_strdup_printf ("{ \"charter-format\": 1, \"id\": \"fixture\", "
                                           "\"title\": \"Fixture\", \"language\": \"en\", "
                                           "\"documents\": [ { \"id\": \"doc\", "
                                           "\"title\": \"Document\", \"body\": \"%s\" } ] }",
                                           body);
  CharterEntry *entry;

  g_clear_object (&f->other_kb);
  f->other_kb = load_string (json);
  entry = charter_knowledge_base_lookup (f->other_kb, "doc");
  g_assert_true (CHARTER_IS_DOCUMENT (entry));
  charter_document_view_set_document (f->view, CHARTER_DOCUMENT (entry));
  iterate ();
}

static gboolean
has_match_at (Fixture *f,
              guint    start,
              guint    end)
{
  return has_tag (f->buffer, start, "find-match") &&
         has_tag (f->buffer, end - 1, "find-match") &&
         !has_tag (f->buffer, end, "find-match") &&
         (start == 0 || !has_tag (f->buffer, start - 1, "find-match"));
}

static void
test_find_accents (Fixture       *f,
                   gconstpointer  data)
{
  /* "Café" as one character and as "e" and a combining acute, "CAFÉ",
   * "cafe", and a German sharp s.
   */
  show_body (f, "Caf\\u00e9, cafe\\u0301 and CAF\\u00c9 or cafe. Stra\\u00dfe.");

  g_assert_true (charter_document_view_find (f->view, "cafe"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 4);
  g_assert_true (has_match_at (f, 0, 4));
  /* The accent that follows the letter goes with it. */
  g_assert_true (has_match_at (f, 6, 11));
  g_assert_true (has_match_at (f, 16, 20));
  g_assert_true (has_match_at (f, 24, 28));

  g_assert_true (charter_document_view_find (f->view, "CAF\xc3\x89"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 4);

  g_assert_true (charter_document_view_find (f->view, "strasse"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 1);
  g_assert_true (has_match_at (f, 30, 36));
}

static void
test_find_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *label = NULL;

  /* Paragraphs of twenty words, each 60 characters with its line break:
   * GtkTextBuffer tags many matches on one line only slowly.
   */
  for (guint i = 0; i < 10050; i++)
    g_string_append (body, i % 20 == 19 ? "ab\\n\\n" : "ab ");
  show_body (f, body->str);

  /* The count stops, and says that it did. */
  g_assert_true (charter_document_view_find (f->view, "ab"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 10000);
  g_assert_cmpstr (find_count (f), ==, "1 of 10000+");
  g_assert_true (has_tag (f->buffer, 3 * 9999, "find-match"));
  g_assert_false (has_tag (f->buffer, 3 * 10000, "find-match"));

  /* Below the limit, the plain count. */
  g_assert_true (charter_document_view_find (f->view, "ab ab ab ab ab ab ab ab ab ab"));
  label = g_strdup_printf ("1 of %u", 10050 / 10);
  g_assert_cmpstr (find_count (f), ==, label);
}

/* Whether the widget class binds @accelerator to @action: its bindings sit
 * in a shortcut controller of each instance.
 */
static gboolean
has_binding (Fixture    *f,
             const char *accelerator,
             const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->view));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);
  g_autofree char *wanted_action = g_strdup_printf ("action(%s)", action);

  g_assert_nonnull (wanted);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutAction *shortcut_action = gtk_shortcut_get_action (shortcut);
          g_autofree char *name = gtk_shortcut_action_to_string (shortcut_action);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              g_strcmp0 (name, wanted_action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static void
test_find_shortcuts (Fixture       *f,
                     gconstpointer  data)
{
  static const char *actions[] = { "find.show", "find.next", "find.previous", "find.close" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gboolean found = FALSE;
      const GVariantType *parameter_type;
      const char *property;
      const char *name;
      GType owner;

      for (guint j = 0;
           gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (f->view), j, &owner, &name,
                                          &parameter_type, &property);
           j++)
        found = found || g_str_equal (name, actions[i]);

      g_assert_true (found);
    }

  g_assert_true (has_binding (f, "<Control>f", "find.show"));
  g_assert_true (has_binding (f, "<Control>g", "find.next"));
  g_assert_true (has_binding (f, "<Shift><Control>g", "find.previous"));
  g_assert_true (has_binding (f, "Escape", "find.close"));
}

static void
assert_hit_at (Fixture *f,
               guint    start,
               guint    end)
{
  g_assert_true (has_tag (f->buffer, start, "search-hit"));
  g_assert_true (has_tag (f->buffer, end - 1, "search-hit"));
  g_assert_false (has_tag (f->buffer, end, "search-hit"));
  if (start > 0)
    g_assert_false (has_tag (f->buffer, start - 1, "search-hit"));
}

static gboolean
is_scrolled_to (Fixture *f,
                guint    offset)
{
  GtkTextView *text_view = charter_document_view_get_text_view (f->view);
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (f->buffer, &iter, (int) offset);
  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_iter_location (text_view, &iter, &location);

  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

static void
test_highlight_hits (Fixture       *f,
                     gconstpointer  data)
{
  CharterDocument *glossary = document (f, "glossary");
  g_autoptr(GArray) words = NULL;
  guint starts[2], ends[2];
  guint length = (guint) strlen ("sovereignty");
  guint start, end;
  GtkTextIter cursor;
  gint64 deadline;

  charter_document_view_set_document (f->view, glossary);
  iterate ();
  words = find_occurrences (f->buffer, "sovereignty");
  g_assert_cmpuint (words->len, >=, 2);

  /* The search hands over the last two, the caret goes to the first of them. */
  for (guint i = 0; i < 2; i++)
    {
      starts[i] = g_array_index (words, guint, words->len - 2 + i);
      ends[i] = starts[i] + length;
    }
  charter_document_view_highlight_hits (f->view, starts, ends, 2);
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (charter_document_view_get_hit (f->view, i, &start, &end));
      g_assert_cmpuint (start, ==, starts[i]);
      g_assert_cmpuint (end, ==, ends[i]);
      assert_hit_at (f, starts[i], ends[i]);
    }
  g_assert_false (charter_document_view_get_hit (f->view, 2, &start, &end));
  /* Only those: not the other occurrences of the word. */
  g_assert_false (has_tag (f->buffer, g_array_index (words, guint, 0), "search-hit"));
  gtk_text_buffer_get_iter_at_mark (f->buffer, &cursor, gtk_text_buffer_get_insert (f->buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, starts[0]);

  /* The first hit is scrolled into view once the text is laid out. */
  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  while (!is_scrolled_to (f, starts[0]) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (is_scrolled_to (f, starts[0]));

  /* Finding in the page neither removes them nor is removed by them. */
  g_assert_true (charter_document_view_find (f->view, "sovereignty"));
  g_assert_true (has_tag (f->buffer, starts[0], "find-match"));
  g_assert_true (activate (f, "find.close"));
  assert_hit_at (f, starts[0], ends[0]);

  /* The same document again keeps them. */
  charter_document_view_set_document (f->view, glossary);
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 2);

  /* No hits clears them. */
  charter_document_view_highlight_hits (f->view, NULL, NULL, 0);
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 0);
  g_assert_false (has_tag (f->buffer, starts[0], "search-hit"));
  g_assert_false (has_tag (f->buffer, starts[1], "search-hit"));

  /* Another document clears them. */
  charter_document_view_highlight_hits (f->view, starts, ends, 2);
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 2);
  charter_document_view_set_document (f->view, document (f, "principle-sovereignty"));
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 0);
  {
    GtkTextIter buffer_start, buffer_end;
    GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (f->buffer),
                                                 "search-hit");

    /* Not a character of the new text carries the tag. */
    gtk_text_buffer_get_bounds (f->buffer, &buffer_start, &buffer_end);
    g_assert_false (gtk_text_iter_has_tag (&buffer_start, tag));
    g_assert_false (gtk_text_iter_forward_to_tag_toggle (&buffer_start, tag));
  }

  /* Ranges past the end, or empty, are dropped, not a crash. */
  {
    const guint bad_starts[] = { 1000000, 5, 3 };
    const guint bad_ends[] = { 1000005, 5, 8 };

    charter_document_view_highlight_hits (f->view, bad_starts, bad_ends, 3);
    g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 1);
    g_assert_true (charter_document_view_get_hit (f->view, 0, &start, &end));
    g_assert_cmpuint (start, ==, 3);
    g_assert_cmpuint (end, ==, 8);
  }
}

static void
test_find_accessible (Fixture       *f,
                      gconstpointer  data)
{
  static const char *actions[] = { "find.previous", "find.next", "find.close" };

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (template_child (f, "find_entry")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Find in page");
  g_assert_cmpstr (gtk_editable_get_text (template_child (f, "find_entry")), ==, "");
  g_assert_cmpint (gtk_accessible_get_accessible_role (template_child (f, "find_count")), ==,
                   GTK_ACCESSIBLE_ROLE_STATUS);

  /* Icons alone say nothing to a screen reader: every button has a name
   * and a tooltip.
   */
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = find_button (f, actions[i]);

      g_assert_nonnull (button);
      g_assert_nonnull (gtk_widget_get_tooltip_text (button));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (find_button (f, "find.previous"))), ==,
                   "go-up-symbolic");
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (find_button (f, "find.next"))), ==,
                   "go-down-symbolic");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/document-view/text-and-tags", Fixture, NULL,
              fixture_set_up, test_text_and_tags, fixture_tear_down);
  g_test_add ("/document-view/links", Fixture, NULL,
              fixture_set_up, test_links, fixture_tear_down);
  g_test_add ("/document-view/property", Fixture, NULL,
              fixture_set_up, test_property, fixture_tear_down);
  g_test_add ("/document-view/accessible", Fixture, NULL,
              fixture_set_up, test_accessible, fixture_tear_down);
  g_test_add ("/document-view/copy", Fixture, NULL,
              fixture_set_up, test_copy, fixture_tear_down);
  g_test_add ("/document-view/find", Fixture, NULL,
              fixture_set_up, test_find, fixture_tear_down);
  g_test_add ("/document-view/find-wraps", Fixture, NULL,
              fixture_set_up, test_find_wraps, fixture_tear_down);
  g_test_add ("/document-view/find-entry-keys", Fixture, NULL,
              fixture_set_up, test_find_entry_keys, fixture_tear_down);
  g_test_add ("/document-view/find-no-match", Fixture, NULL,
              fixture_set_up, test_find_no_match, fixture_tear_down);
  g_test_add ("/document-view/find-document-change", Fixture, NULL,
              fixture_set_up, test_find_document_change, fixture_tear_down);
  g_test_add ("/document-view/find-close", Fixture, NULL,
              fixture_set_up, test_find_close, fixture_tear_down);
  g_test_add ("/document-view/find-accents", Fixture, NULL,
              fixture_set_up, test_find_accents, fixture_tear_down);
  g_test_add ("/document-view/find-limit", Fixture, NULL,
              fixture_set_up, test_find_limit, fixture_tear_down);
  g_test_add ("/document-view/find-shortcuts", Fixture, NULL,
              fixture_set_up, test_find_shortcuts, fixture_tear_down);
  g_test_add ("/document-view/find-accessible", Fixture, NULL,
              fixture_set_up, test_find_accessible, fixture_tear_down);
  g_test_add ("/document-view/highlight-hits", Fixture, NULL,
              fixture_set_up, test_highlight_hits, fixture_tear_down);

  return g_test_run ();
}
