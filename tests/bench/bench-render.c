/* bench-render.c: showing a 1 MB document, beside a bare set_text of its text
 *
 * Timings are printed, never asserted. Needs a display (xvfb-run -a).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "charter-document-view.h"
#include "charter-loader.h"

#define RUNS 15
#define TARGET_BYTES (1024 * 1024)

static const char *words[] = {
  "cyberspace", "sovereignty", "governance", "security", "cooperation", "norms", "states",
  "infrastructure", "dialogue", "peace", "rules", "shared", "benefits", "digital", "economy",
  "网络空间", "主权", "合作", "治理", "安全",
};

/* A realistic body: headings, paragraphs with emphasis and links, lists. */
static char *
make_body (void)
{
  GString *md = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (2017);
  guint section = 0;

  while (md->len < TARGET_BYTES)
    {
      g_string_append_printf (md, "## Section %u\n\n", ++section);
      for (guint p = 0; p < 4; p++)
        {
          for (guint w = 0; w < 80; w++)
            {
              const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
              guint style = g_rand_int_range (rand, 0, 40);

              if (style == 0)
                g_string_append_printf (md, "*%s* ", word);
              else if (style == 1)
                g_string_append_printf (md, "**%s** ", word);
              else if (style == 2)
                g_string_append_printf (md, "[%s](kb:d) ", word);
              else
                g_string_append_printf (md, "%s ", word);
            }
          g_string_append (md, "\n\n");
        }
      for (guint i = 0; i < 5; i++)
        g_string_append_printf (md, "- item %u about %s\n  1. nested %s\n", i,
                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append (md, "\n> A quoted remark on the strategy.\n\n");
    }

  g_rand_free (rand);

  return g_string_free (md, FALSE);
}

static CharterKnowledgeBase *
make_knowledge_base (void)
{
  g_autofree char *body = make_body ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CharterKnowledgeBase *kb;
  char *json;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "charter-format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "bench");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Render benchmark");
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, "en");
  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "d");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "A 1 MB document");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (json, length);

  kb = charter_loader_load_bytes (loader, bytes, NULL, &error);
  if (kb == NULL)
    g_error ("the generated knowledge base does not load: %s", error->message);

  return kb;
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* Until the window has painted a frame with what was just set. */
static void
wait_for_frame (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);

  return values[RUNS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(CharterRichText) text = NULL;
  CharterDocument *document;
  CharterDocumentView *view;
  GtkWindow *window;
  GtkWindow *floor_window;
  GtkTextView *floor_view;
  double floor_ms[RUNS], view_ms[RUNS], floor_frame_ms[RUNS], view_frame_ms[RUNS];
  gsize body_bytes;

  setlocale (LC_ALL, "");
  if (!gtk_init_check ())
    {
      g_printerr ("bench-render needs a display: run it under xvfb-run -a\n");
      return 1;
    }
  adw_init ();

  kb = make_knowledge_base ();
  document = g_list_model_get_item (charter_knowledge_base_get_documents (kb), 0);
  g_object_unref (document);  /* the knowledge base keeps it */
  body_bytes = strlen (charter_document_get_body (document));
  text = charter_document_render (document);

  view = CHARTER_DOCUMENT_VIEW (charter_document_view_new ());
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  floor_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (floor_view, GTK_WRAP_WORD_CHAR);
  floor_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (floor_window, 900, 700);
  /* Scrolled, as in the document view: a window cannot be as tall as 1 MB of text. */
  gtk_window_set_child (floor_window, gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (gtk_window_get_child (floor_window)),
                                 GTK_WIDGET (floor_view));
  gtk_window_present (floor_window);
  drain ();

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start;

      /* The floor: the same plain text, no tags, no Markdown. */
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (floor_view), "", 0);
      drain ();
      start = g_get_monotonic_time ();
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (floor_view),
                                charter_rich_text_get_text (text), -1);
      wait_for_frame (floor_window);
      floor_frame_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      drain ();
      floor_ms[i] = (g_get_monotonic_time () - start) / 1000.0;

      /* Charter: Markdown parsed, text inserted, every span applied. */
      charter_document_view_set_document (view, NULL);
      drain ();
      start = g_get_monotonic_time ();
      charter_document_view_set_document (view, document);
      wait_for_frame (window);
      view_frame_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      drain ();
      view_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  g_print ("document: %.2f MB of Markdown, %u characters shown, %u spans\n",
           body_bytes / 1048576.0, charter_rich_text_get_length (text),
           charter_rich_text_get_n_spans (text));
  g_print ("                                      first frame   all lines laid out\n");
  g_print ("floor: set_text of the same text       %8.1f ms   %8.1f ms\n",
           median (floor_frame_ms), median (floor_ms));
  g_print ("Charter: render and show the document  %8.1f ms   %8.1f ms\n",
           median (view_frame_ms), median (view_ms));
  g_print ("(medians of %d runs; target: first frame ≤ 100 ms)\n", RUNS);

  gtk_window_destroy (window);
  gtk_window_destroy (floor_window);

  return 0;
}
