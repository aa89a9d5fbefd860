/* fuzz-bookmarks.c: libFuzzer target for the bookmarks file reader
 *
 * Imports each input into an empty store, as a reader importing a file
 * would (the same reader that loads bookmarks.json). A refused input must
 * say why and change nothing. An accepted one must give bookmarks that say
 * which knowledge base and entry they mark, with distinct ids and text that
 * is UTF-8; and exporting them, importing the export into another empty
 * store and exporting again must give the same text: the round trip the
 * export promises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fuzz-bookmarks"

#include <string.h>

#include <glib/gstdio.h>

#include "charter-bookmark-store.h"

#include "fuzz-common.h"

static char *dir;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  dir = g_dir_make_tmp ("charter-fuzz-bookmarks-XXXXXX", NULL);
  g_assert_nonnull (dir);
  return 0;
}

static gboolean
is_text (const char *text)
{
  return text != NULL && g_utf8_validate (text, -1, NULL);
}

static CharterBookmarkStore *
empty_store (const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CharterBookmarkStore *store;

  g_unlink (path);
  store = charter_bookmark_store_new (file);
  charter_bookmark_store_load (store);
  FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0);
  return store;
}

static void
check_bookmarks (CharterBookmarkStore *store)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CharterBookmark) bookmark = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *id = charter_bookmark_get_id (bookmark);
      const char *quote = charter_bookmark_get_quote (bookmark);
      const char *uri = charter_bookmark_get_kb_uri (bookmark);

      FUZZ_CHECK (is_text (id) && *id != '\0');
      FUZZ_CHECK (g_hash_table_add (ids, (gpointer) id));
      FUZZ_CHECK (charter_bookmark_store_lookup (store, id) == bookmark);
      FUZZ_CHECK (is_text (charter_bookmark_get_kb_id (bookmark)));
      FUZZ_CHECK (is_text (charter_bookmark_get_kb_title (bookmark)));
      FUZZ_CHECK (uri == NULL || is_text (uri));
      FUZZ_CHECK (is_text (charter_bookmark_get_entry_id (bookmark)));
      FUZZ_CHECK (is_text (charter_bookmark_get_entry_title (bookmark)));
      FUZZ_CHECK (quote == NULL || is_text (quote));
      FUZZ_CHECK (is_text (charter_bookmark_get_note (bookmark)));
      FUZZ_CHECK (charter_bookmark_get_paragraph (bookmark) >= -1);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CharterBookmarkStore) store = empty_store ("one.json");
  g_autoptr(CharterBookmarkStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *reexported = NULL;
  int added;

  if (size > 1 << 20)
    return 0;

  added = charter_bookmark_store_import_json (store, (const char *) data, (gssize) size,
                                              &error);
  if (added < 0)
    {
      FUZZ_CHECK (error != NULL && is_text (error->message) && *error->message != '\0');
      FUZZ_CHECK (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0);
      return 0;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK ((guint) added == g_list_model_get_n_items (G_LIST_MODEL (store)));
  check_bookmarks (store);
  charter_bookmark_store_flush (store);
  FUZZ_CHECK (charter_bookmark_store_get_problem (store) == NULL);

  exported = charter_bookmark_store_export_json (store);
  other = empty_store ("two.json");
  FUZZ_CHECK (charter_bookmark_store_import_json (other, exported, -1, NULL) == added);
  reexported = charter_bookmark_store_export_json (other);
  FUZZ_CHECK (strcmp (exported, reexported) == 0);
  charter_bookmark_store_flush (other);

  fuzz_drain_main_context ();
  return 0;
}
