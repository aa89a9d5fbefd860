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

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

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

/* Counts @needle in the buffer, case aside, another way than the view does. */
static guint
count_occurrences (GtkTextBuffer *buffer,
                   const char    *needle)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);
  guint n = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  folded = g_utf8_casefold (text, -1);
  for (const char *p = strstr (folded, folded_needle); p != NULL;
       p = strstr (p + strlen (folded_needle), folded_needle))
    n++;
  return n;
}

static const char *
find_count (Fixture *f)
{
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->view),
                                                              CHARTER_TYPE_DOCUMENT_VIEW,
                                                              "find_count"));

  return gtk_label_get_label (label);
}

/* Where the current match starts: its tag, not the buffer's selection, which
 * the find entry takes away when it claims the primary selection.
 */
static guint
match_start (Fixture *f)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (f->buffer),
                                               "find-current");
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (f->buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag))
    g_assert_true (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  g_assert_true (gtk_text_iter_has_tag (&iter, tag));
  return (guint) gtk_text_iter_get_offset (&iter);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  GtkSearchBar *bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (GTK_WIDGET (f->view),
                                                                     CHARTER_TYPE_DOCUMENT_VIEW,
                                                                     "find_bar"));
  guint expected, first;
  g_autofree char *label = NULL;

  charter_document_view_set_document (f->view, document (f, "principle-sovereignty"));
  iterate ();
  expected = count_occurrences (f->buffer, "sovereignty");
  g_assert_cmpuint (expected, >, 2);

  /* Ctrl+F opens the bar; every match is found, the first is current. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "find.show", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  g_assert_true (charter_document_view_find (f->view, "SOVEREIGNTY"));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, expected);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  label = g_strdup_printf ("1 of %u", expected);
  g_assert_cmpstr (find_count (f), ==, label);
  first = match_start (f);
  g_assert_true (has_tag (f->buffer, first, "find-current"));

  /* Next, and past the last back to the first; previous from the first to the last. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "find.next", NULL));
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 1);
  g_assert_false (has_tag (f->buffer, first, "find-current"));
  g_assert_true (has_tag (f->buffer, first, "find-match"));
  for (guint i = 1; i < expected; i++)
    gtk_widget_activate_action (GTK_WIDGET (f->view), "find.next", NULL);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  g_assert_cmpuint (match_start (f), ==, first);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "find.previous", NULL);
  g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, (int) expected - 1);
  g_free (label);
  label = g_strdup_printf ("%u of %u", expected, expected);
  g_assert_cmpstr (find_count (f), ==, label);

  /* Enter and Shift+Enter in the entry, and Ctrl+G inside it, do the same. */
  {
    GObject *entry = gtk_widget_get_template_child (GTK_WIDGET (f->view),
                                                    CHARTER_TYPE_DOCUMENT_VIEW, "find_entry");

    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
    g_signal_emit_by_name (entry, "next-match");
    g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 1);
    g_signal_emit_by_name (entry, "previous-match");
    g_assert_cmpint (charter_document_view_get_current_match (f->view), ==, 0);
  }

  /* Nothing found: said so. */
  g_assert_false (charter_document_view_find (f->view, "zzzqqq"));
  g_assert_cmpstr (find_count (f), ==, "No matches");

  /* Another document while the bar is open: found again there. */
  charter_document_view_find (f->view, "sovereignty");
  charter_document_view_set_document (f->view, document (f, "glossary"));
  iterate ();
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==,
                    count_occurrences (f->buffer, "sovereignty"));

  /* Escape: the bar closes and every highlight goes. */
  first = match_start (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "find.close", NULL));
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_cmpuint (charter_document_view_get_n_matches (f->view), ==, 0);
  g_assert_false (has_tag (f->buffer, first, "find-match"));
  g_assert_false (has_tag (f->buffer, first, "find-current"));
}

static void
test_highlight_hits (Fixture       *f,
                     gconstpointer  data)
{
  const guint starts[] = { 2, 10 };
  const guint ends[] = { 5, 14 };
  guint start, end;
  GtkTextIter cursor;

  charter_document_view_set_document (f->view, document (f, "principle-sovereignty"));
  iterate ();
  charter_document_view_highlight_hits (f->view, starts, ends, 2);
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 2);
  g_assert_true (charter_document_view_get_hit (f->view, 1, &start, &end));
  g_assert_cmpuint (start, ==, 10);
  g_assert_cmpuint (end, ==, 14);
  g_assert_false (has_tag (f->buffer, 1, "search-hit"));
  g_assert_true (has_tag (f->buffer, 2, "search-hit"));
  g_assert_true (has_tag (f->buffer, 4, "search-hit"));
  g_assert_false (has_tag (f->buffer, 5, "search-hit"));
  g_assert_true (has_tag (f->buffer, 13, "search-hit"));
  gtk_text_buffer_get_iter_at_mark (f->buffer, &cursor, gtk_text_buffer_get_insert (f->buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==, 2);

  /* Another document: no hits left over. */
  charter_document_view_set_document (f->view, document (f, "glossary"));
  g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 0);
  g_assert_false (has_tag (f->buffer, 2, "search-hit"));

  /* Ranges past the end are ignored, not a crash. */
  {
    const guint far_start[] = { 1000000 };
    const guint far_end[] = { 1000005 };

    charter_document_view_highlight_hits (f->view, far_start, far_end, 1);
    g_assert_cmpuint (charter_document_view_get_n_hits (f->view), ==, 0);
  }
}

static void
test_find_accessible (Fixture       *f,
                      gconstpointer  data)
{
  GObject *entry = gtk_widget_get_template_child (GTK_WIDGET (f->view),
                                                  CHARTER_TYPE_DOCUMENT_VIEW, "find_entry");

  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Find in page");
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
  g_test_add ("/document-view/find-accessible", Fixture, NULL,
              fixture_set_up, test_find_accessible, fixture_tear_down);
  g_test_add ("/document-view/highlight-hits", Fixture, NULL,
              fixture_set_up, test_highlight_hits, fixture_tear_down);

  return g_test_run ();
}
