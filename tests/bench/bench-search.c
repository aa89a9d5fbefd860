/* bench-search.c: search latency, index build and cache, beside their floors
 *
 * On the generated knowledge base (10 000 documents, ~50 MB), in one run:
 *
 *   - json-glib's bare parse of the file: the floor for building the index;
 *   - building the index (render, tokenize, FTS5, save to the cache);
 *   - opening it again from the cache;
 *   - 300 queries drawn from the documents' own text (1–3 words, phrases,
 *     prefixes, Chinese), each timed from the typed string to a screenful of
 *     results with their snippets: p50, p95, mean, worst;
 *   - one `grep -c -i` pass over the file, the floor a linear scan sets.
 *
 * It reports and does not judge: the exit status is non-zero only if
 * something fails to run.
 *
 * Usage: bench-search [--documents=N] [--seed=S] [FILE]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "charter-generate.h"
#include "charter-loader.h"
#include "charter-search-index.h"
#include "charter-tokenizer.h"

#define N_QUERIES            300
#define RESULTS_SHOWN        20
#define SNIPPETS_SHOWN       10
#define GREP_RUNS            5
#define TARGET_P95_MS        16.0
#define TARGET_GREP_FRACTION (1.0 / 20.0)
#define TARGET_BUILD_RATIO   2.0
#define TARGET_CACHE_MS      100.0

typedef struct
{
  GPtrArray *words;
  GPtrArray *cjk;
  const char *text;
} Words;

static gboolean
collect_cb (const char *token,
            gsize       token_length,
            gsize       start,
            gsize       end,
            gpointer    user_data)
{
  Words *words = user_data;
  gunichar c = g_utf8_get_char (token);
  const char *original = words->text + start;

  if (charter_unichar_is_cjk (c))
    g_ptr_array_add (words->cjk, g_strndup (original, end - start));
  else if (token_length >= 2)
    g_ptr_array_add (words->words, g_strndup (original, end - start));
  return TRUE;
}

/* Queries a reader of this knowledge base could type: its own words. */
static GPtrArray *
make_queries (CharterKnowledgeBase *kb,
              guint32               seed)
{
  GListModel *documents = charter_knowledge_base_get_documents (kb);
  guint n_documents = g_list_model_get_n_items (documents);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  while (queries->len < N_QUERIES)
    {
      guint kind = queries->len % 6;
      g_autoptr(CharterDocument) document =
        g_list_model_get_item (documents, (guint) g_rand_int_range (rand, 0, (gint32) n_documents));
      g_autoptr(CharterRichText) text = charter_document_render (document);
      Words words = { g_ptr_array_new_with_free_func (g_free),
                      g_ptr_array_new_with_free_func (g_free),
                      charter_rich_text_get_text (text) };
      GString *query = g_string_new (NULL);
      guint at;

      charter_tokenize (words.text, strlen (words.text), collect_cb, &words);

      switch (kind)
        {
        case 0: case 1: case 2:
          /* One, two or three words from anywhere in the document. */
          for (guint k = 0; k <= kind && words.words->len > 0; k++)
            {
              if (k > 0)
                g_string_append_c (query, ' ');
              g_string_append (query, g_ptr_array_index (words.words,
                               (guint) g_rand_int_range (rand, 0, (gint32) words.words->len)));
            }
          break;

        case 3:
          /* A quoted phrase of two consecutive words. */
          if (words.words->len >= 2)
            {
              at = (guint) g_rand_int_range (rand, 0, (gint32) words.words->len - 1);
              g_string_append_printf (query, "\"%s %s\"",
                                      (char *) g_ptr_array_index (words.words, at),
                                      (char *) g_ptr_array_index (words.words, at + 1));
            }
          break;

        case 4:
          /* A prefix: the first three letters of a word. */
          if (words.words->len > 0)
            {
              const char *word = g_ptr_array_index (words.words,
                (guint) g_rand_int_range (rand, 0, (gint32) words.words->len));
              const char *third = g_utf8_offset_to_pointer (word,
                                                            MIN (3, g_utf8_strlen (word, -1)));

              g_string_append_len (query, word, third - word);
              g_string_append_c (query, '*');
            }
          break;

        default:
          /* Two or three consecutive Chinese characters. */
          if (words.cjk->len >= 3)
            {
              guint length = (guint) g_rand_int_range (rand, 2, 4);

              at = (guint) g_rand_int_range (rand, 0, (gint32) (words.cjk->len - length + 1));
              for (guint k = 0; k < length; k++)
                g_string_append (query, g_ptr_array_index (words.cjk, at + k));
            }
          break;
        }

      g_ptr_array_unref (words.words);
      g_ptr_array_unref (words.cjk);
      if (query->len > 0)
        g_ptr_array_add (queries, g_string_free (query, FALSE));
      else
        g_string_free (query, TRUE);
    }

  return queries;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
time_grep (const char *path,
           const char *word)
{
  const char *argv[] = { "grep", "-c", "-i", word, path, NULL };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, NULL, &error))
    {
      g_printerr ("bench-search: grep: %s\n", error->message);
      return -1.0;
    }
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cache_dir = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(CharterSearchIndex) built = NULL;
  g_autoptr(CharterSearchIndex) cached = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autofree double *latencies = NULL;
  g_autofree double *ranked = NULL;
  double ranked_sum = 0.0;
  double greps[GREP_RUNS];
  double parse_ms, build_ms, cache_ms, grep_ms, sum = 0.0, p50, p95;
  guint n_documents = 10000;
  guint seed = 1;
  guint total_results = 0;
  gint64 start;
  GOptionEntry entries[] = {
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Documents to generate", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Generator seed", "S" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("[FILE]");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-search: %s\n", error->message);
      return EXIT_FAILURE;
    }

  tmpdir = g_dir_make_tmp ("charter-bench-search-XXXXXX", &error);
  if (tmpdir == NULL)
    {
      g_printerr ("bench-search: %s\n", error->message);
      return EXIT_FAILURE;
    }
  cache_dir = g_build_filename (tmpdir, "cache", NULL);

  if (argc > 1)
    path = g_strdup (argv[1]);
  else
    {
      path = g_build_filename (tmpdir, "bench.json", NULL);
      if (!charter_generate_kb (path, n_documents, seed, &error))
        {
          g_printerr ("bench-search: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  /* The floor for building: json-glib reading the same file, bare. A first
   * untimed pass brings the file into the page cache.
   */
  json_parser_load_from_file (parser, path, NULL);
  g_clear_object (&parser);
  parser = json_parser_new ();
  start = g_get_monotonic_time ();
  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_printerr ("bench-search: %s\n", error->message);
      return EXIT_FAILURE;
    }
  parse_ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  g_clear_object (&parser);

  {
    g_autoptr(GFile) file = g_file_new_for_path (path);

    kb = charter_loader_load_file (loader, file, NULL, &error);
    if (kb == NULL)
      {
        g_printerr ("bench-search: %s does not load: %s\n", path, error->message);
        return EXIT_FAILURE;
      }
  }

  built = charter_search_index_new (kb, cache_dir);
  start = g_get_monotonic_time ();
  if (!charter_search_index_prepare (built, NULL, &error))
    {
      g_printerr ("bench-search: %s\n", error->message);
      return EXIT_FAILURE;
    }
  build_ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  g_clear_object (&built);

  cached = charter_search_index_new (kb, cache_dir);
  start = g_get_monotonic_time ();
  if (!charter_search_index_prepare (cached, NULL, &error) ||
      !charter_search_index_get_from_cache (cached))
    {
      g_printerr ("bench-search: the cached index did not open: %s\n",
                  error ? error->message : "rebuilt instead");
      return EXIT_FAILURE;
    }
  cache_ms = (double) (g_get_monotonic_time () - start) / 1000.0;

  /* Queries run on the index as a reader gets it on every later start: from the cache. */
  queries = make_queries (kb, seed);
  latencies = g_new (double, queries->len);
  ranked = g_new (double, queries->len);
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(CharterSearchQuery) query = NULL;
      g_autoptr(CharterSearchResults) results = NULL;
      guint shown;

      start = g_get_monotonic_time ();
      query = charter_search_query_new (g_ptr_array_index (queries, i));
      results = charter_search_index_search (cached, query, NULL, NULL, RESULTS_SHOWN, &error);
      if (results == NULL)
        {
          g_printerr ("bench-search: “%s”: %s\n", (char *) g_ptr_array_index (queries, i),
                      error->message);
          return EXIT_FAILURE;
        }
      ranked[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
      ranked_sum += ranked[i];
      shown = MIN (SNIPPETS_SHOWN, g_list_model_get_n_items (G_LIST_MODEL (results)));
      for (guint k = 0; k < shown; k++)
        {
          g_autoptr(CharterSearchResult) result =
            g_list_model_get_item (G_LIST_MODEL (results), k);

          charter_search_result_get_snippet (result);
        }
      latencies[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
      sum += latencies[i];
      total_results += charter_search_results_get_total (results);
      if (g_getenv ("BENCH_SEARCH_VERBOSE") != NULL)
        g_print ("  %7.2f ms %6u  %s\n", latencies[i], charter_search_results_get_total (results),
                 (char *) g_ptr_array_index (queries, i));
    }
  qsort (latencies, queries->len, sizeof (double), compare_doubles);
  qsort (ranked, queries->len, sizeof (double), compare_doubles);
  p50 = latencies[queries->len / 2];
  p95 = latencies[(queries->len * 95) / 100];

  for (guint i = 0; i < GREP_RUNS; i++)
    {
      greps[i] = time_grep (path, g_ptr_array_index (queries, i * 6));
      if (greps[i] < 0)
        return EXIT_FAILURE;
    }
  qsort (greps, GREP_RUNS, sizeof (double), compare_doubles);
  grep_ms = greps[GREP_RUNS / 2];

  g_print ("Search on %u documents (%s)\n",
           g_list_model_get_n_items (charter_knowledge_base_get_documents (kb)), path);
  g_print ("  %u queries, %u matches in all; each timed to %u results and %u snippets\n",
           queries->len, total_results, RESULTS_SHOWN, SNIPPETS_SHOWN);
  g_print ("  with snippets   p50 %.2f ms   p95 %.2f ms   mean %.2f ms   worst %.2f ms\n",
           p50, p95, sum / queries->len, latencies[queries->len - 1]);
  g_print ("  ranked ids only p50 %.2f ms   p95 %.2f ms   mean %.2f ms   worst %.2f ms\n",
           ranked[queries->len / 2], ranked[(queries->len * 95) / 100],
           ranked_sum / queries->len, ranked[queries->len - 1]);
  g_print ("  grep -c -i pass %.1f ms (median of %u)   mean query = 1/%.0f of it\n",
           grep_ms, GREP_RUNS, grep_ms / (sum / queries->len));
  g_print ("  index build     %.0f ms   json-glib bare parse %.0f ms   ratio %.2f\n",
           build_ms, parse_ms, build_ms / parse_ms);
  g_print ("  ready from cache %.1f ms\n", cache_ms);
  g_print ("Targets: p95 ≤ %.0f ms %s; mean ≤ 1/20 of grep %s; build ≤ %.1f× parse %s; "
           "cache ≤ %.0f ms %s\n",
           TARGET_P95_MS, p95 <= TARGET_P95_MS ? "met" : "MISSED",
           (sum / queries->len) <= grep_ms * TARGET_GREP_FRACTION ? "met" : "MISSED",
           TARGET_BUILD_RATIO, build_ms / parse_ms <= TARGET_BUILD_RATIO ? "met" : "MISSED",
           TARGET_CACHE_MS, cache_ms <= TARGET_CACHE_MS ? "met" : "MISSED");

  g_clear_object (&cached);
  {
    g_autofree char *cached_path = NULL;
    GDir *dir = g_dir_open (cache_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (cache_dir, name, NULL);

        g_unlink (file);
      }
    if (dir != NULL)
      g_dir_close (dir);
    g_rmdir (cache_dir);
  }
  if (argc <= 1)
    g_unlink (path);
  g_rmdir (tmpdir);

  return EXIT_SUCCESS;
}
