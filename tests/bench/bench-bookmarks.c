/* bench-bookmarks.c: 10 000 bookmarks loaded, saved and added to
 *
 * Beside the floors measured in the same run: json-glib's bare parse of the
 * same file (for loading) and g_file_set_contents_full() of the same bytes
 * (for saving: the atomic write every save pays). Adding one bookmark saves
 * the whole file; its time is what the main loop is held for.
 *
 * It reports and does not judge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-bookmarks"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "charter-bookmark-store.h"

#define N_BOOKMARKS   10000
#define RUNS          9
#define TARGET_MS     50.0
#define FRAME_MS      16.7

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static double
ms_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

/* 10 000 bookmarks like a reader's, a third with a passage, most with a
 * note, imported at once and so written once, by the store itself.
 */
static int
write_bookmarks (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterBookmarkStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("{\"charter-bookmarks\": 2, \"columns\": [");

  for (guint i = 0; i < CHARTER_BOOKMARK_N_COLUMNS; i++)
    g_string_append_printf (text, "%s\"%s\"", i > 0 ? ", " : "",
                            charter_bookmark_column_name (i));
  g_string_append (text, "], \"bookmarks\": [");

  for (guint i = 0; i < N_BOOKMARKS; i++)
    {
      g_autofree char *entry = g_strdup_printf ("doc-%u", g_rand_int_range (rand, 0, 10000));
      g_autofree char *title = g_strdup_printf ("Document number %u on cyber governance", i);
      g_autofree char *filler = g_strnfill ((gsize) g_rand_int_range (rand, 0, 120), 'n');
      g_autofree char *note = g_strdup_printf ("%u %s", i, filler);
      g_autoptr(CharterBookmark) bookmark =
        charter_bookmark_new ("bench", "Generated knowledge base", "file:///tmp/kb.json",
                              entry, title);
      char *row;

      charter_bookmark_set_note (bookmark, note);
      if (i % 3 == 0)
        charter_bookmark_set_passage (bookmark, "A paragraph.\nThe passage a reader kept, "
                                      "about sovereignty and 网络空间.\nAnother.", 13, 60);
      if (i > 0)
        g_string_append_c (text, ',');
      row = charter_bookmark_make_row (bookmark, TRUE);
      g_string_append (text, row);
      g_ref_string_release (row);
    }
  g_string_append (text, "]}");

  store = charter_bookmark_store_new (file);
  charter_bookmark_store_load (store);
  if (charter_bookmark_store_import_json (store, text->str, (gssize) text->len, &error) !=
      N_BOOKMARKS)
    {
      g_printerr ("bench-bookmarks: import failed: %s\n", error ? error->message : "");
      return EXIT_FAILURE;
    }
  charter_bookmark_store_flush (store);
  return charter_bookmark_store_get_problem (store) == NULL ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("charter-bench-bookmarks-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *floor_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CharterBookmarkStore) store = NULL;
  g_autofree char *contents = NULL;
  double parse[RUNS], load[RUNS], write[RUNS], save[RUNS], add[RUNS], first_add[RUNS];
  gsize length;

  setlocale (LC_ALL, "");
  if (argc == 3 && g_str_equal (argv[1], "--write"))
    return write_bookmarks (argv[2]);
  if (dir == NULL)
    {
      g_printerr ("bench-bookmarks: %s\n", error->message);
      return EXIT_FAILURE;
    }
  path = g_build_filename (dir, "bookmarks.json", NULL);
  floor_path = g_build_filename (dir, "floor.json", NULL);
  file = g_file_new_for_path (path);

  /* Written by another process, so that the loads measured run in one that
   * has done little else, as at Charter's start-up.
   */
  {
    const char *child[] = { argv[0], "--write", path, NULL };
    int status;

    if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                       &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        g_printerr ("bench-bookmarks: %s\n", error->message);
        return EXIT_FAILURE;
      }
  }
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("bench-bookmarks: %s\n", error->message);
      return EXIT_FAILURE;
    }

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(CharterBookmarkStore) loaded = charter_bookmark_store_new (file);
      gint64 start;

      start = g_get_monotonic_time ();
      json_parser_load_from_data (parser, contents, (gssize) length, NULL);
      parse[run] = ms_since (start);

      start = g_get_monotonic_time ();
      charter_bookmark_store_load (loaded);
      load[run] = ms_since (start);
      if (g_list_model_get_n_items (G_LIST_MODEL (loaded)) != N_BOOKMARKS)
        {
          g_printerr ("bench-bookmarks: loaded %u bookmarks, not %u\n",
                      g_list_model_get_n_items (G_LIST_MODEL (loaded)), N_BOOKMARKS);
          return EXIT_FAILURE;
        }
    }

  /* The first change after a load: no bookmark has its row yet, so the
   * main thread copies each for the saving thread to write.
   */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(CharterBookmarkStore) loaded = charter_bookmark_store_new (file);
      g_autoptr(CharterBookmark) bookmark =
        charter_bookmark_new ("bench", "Generated knowledge base", "file:///tmp/kb.json",
                              "doc-2", "The first one more");
      gint64 start;

      charter_bookmark_store_load (loaded);
      start = g_get_monotonic_time ();
      charter_bookmark_store_add (loaded, bookmark);
      first_add[run] = ms_since (start);
      charter_bookmark_store_flush (loaded);
      g_object_unref (charter_bookmark_store_remove (loaded, charter_bookmark_get_id (bookmark)));
      charter_bookmark_store_flush (loaded);
    }

  store = charter_bookmark_store_new (file);
  charter_bookmark_store_load (store);
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(CharterBookmark) bookmark =
        charter_bookmark_new ("bench", "Generated knowledge base", "file:///tmp/kb.json",
                              "doc-1", "One more");
      gint64 start;

      start = g_get_monotonic_time ();
      if (!g_file_set_contents_full (floor_path, contents, (gssize) length,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0600, &error))
        {
          g_printerr ("bench-bookmarks: %s\n", error->message);
          return EXIT_FAILURE;
        }
      write[run] = ms_since (start);

      start = g_get_monotonic_time ();
      if (!charter_bookmark_store_save (store, &error))
        {
          g_printerr ("bench-bookmarks: %s\n", error->message);
          return EXIT_FAILURE;
        }
      save[run] = ms_since (start);

      start = g_get_monotonic_time ();
      charter_bookmark_store_add (store, bookmark);
      add[run] = ms_since (start);
    }

  g_print ("%u bookmarks, file %.1f MB; medians of %u runs\n", N_BOOKMARKS, length / 1e6, RUNS);
  g_print ("  load   %6.1f ms   (json-glib bare parse %.1f ms)   target ≤ %.0f ms: %s\n",
           median (load, RUNS), median (parse, RUNS), TARGET_MS,
           median (load, RUNS) <= TARGET_MS ? "met" : "MISSED");
  g_print ("  save   %6.1f ms   (atomic write of the same bytes %.1f ms)   target ≤ %.0f ms: %s\n",
           median (save, RUNS), median (write, RUNS), TARGET_MS,
           median (save, RUNS) <= TARGET_MS ? "met" : "MISSED");
  g_print ("  add one, saving all: %.1f ms; the first after a load: %.1f ms   "
           "(one frame: %.1f ms): %s\n",
           median (add, RUNS), median (first_add, RUNS), FRAME_MS,
           MAX (median (add, RUNS), median (first_add, RUNS)) <= FRAME_MS ? "met" : "MISSED");

  g_unlink (path);
  g_unlink (floor_path);
  {
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);

    g_unlink (lock);
  }
  g_rmdir (dir);

  return EXIT_SUCCESS;
}
