/* charter-generate-main.c: writes a synthetic knowledge base from the command line
 *
 * For profiling by hand (perf, heaptrack, the app itself) on the same files
 * the benchmark measures: `charter-generate --documents 10000 kb.json`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-generate"

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "charter-generate.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  int n_documents = 10000;
  gint64 seed = 1;
  gint64 start;
  GStatBuf st;
  const GOptionEntry entries[] = {
    { "documents", 'n', 0, G_OPTION_ARG_INT, &n_documents,
      "Number of documents (default 10000, about 50 MB)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      "Seed: the same seed writes the same file (default 1)", "S" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("OUTPUT");
  g_option_context_set_summary (context, "Writes a valid, realistic Charter knowledge base "
                                         "of synthetic text.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (argc != 2 || n_documents < 0 || seed < 0 || seed > G_MAXUINT32)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EXIT_FAILURE;
    }

  start = g_get_monotonic_time ();
  if (!charter_generate_kb (argv[1], (guint) n_documents, (guint32) seed, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (g_stat (argv[1], &st) == 0)
    size = g_format_size ((guint64) st.st_size);

  g_printerr ("%s: %s, %d documents, seed %" G_GINT64_FORMAT ", written in %.0f ms\n",
              argv[1], size ? size : "?", n_documents, seed,
              (double) (g_get_monotonic_time () - start) / 1000.0);

  return EXIT_SUCCESS;
}
