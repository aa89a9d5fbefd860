/* test-document-view.c: a document as the reader sees it, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

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

  return g_test_run ();
}
