/* charter-search-command.c: `charter --search QUERY [FILE]`
 *
 * One line per result: id, title and snippet, separated by tabs. With QUERY
 * "-", one query per line of standard input, each query's results after a
 * line "# QUERY": one process and one load for many queries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-search"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "charter-loader.h"
#include "charter-search-command.h"
#include "charter-search-index.h"

/* Tabs and line breaks would break the one-result-per-line format. */
static void
print_field (GString    *line,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (line, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

static void
print_snippet (GString      *line,
               const char   *snippet,
               const GArray *hits,
               gboolean      bold)
{
  const char *p = snippet;
  guint offset = 0;

  if (!bold || hits->len == 0)
    {
      print_field (line, snippet);
      return;
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const CharterTextRange *hit = &g_array_index (hits, CharterTextRange, i);
      const char *start = g_utf8_offset_to_pointer (p, hit->start - offset);
      const char *end = g_utf8_offset_to_pointer (start, hit->end - hit->start);
      g_autofree char *before = g_strndup (p, (gsize) (start - p));
      g_autofree char *word = g_strndup (start, (gsize) (end - start));

      print_field (line, before);
      g_string_append (line, "\033[1m");
      print_field (line, word);
      g_string_append (line, "\033[0m");
      p = end;
      offset = hit->end;
    }
  print_field (line, p);
}

static void
run_query (CharterSearchIndex *index,
           const char         *text,
           gboolean            bold,
           gboolean            summary)
{
  g_autoptr(CharterSearchQuery) query = charter_search_query_new (text);
  g_autoptr(CharterSearchResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  guint n;

  results = charter_search_index_search (index, query, NULL, NULL,
                                         CHARTER_SEARCH_COMMAND_MAX_RESULTS, &error);
  if (results == NULL)
    {
      /* A damaged cache is dropped by search(); build afresh and try once more. */
      if (g_error_matches (error, CHARTER_SEARCH_INDEX_ERROR,
                           CHARTER_SEARCH_INDEX_ERROR_CORRUPT))
        {
          g_clear_error (&error);
          if (charter_search_index_prepare (index, NULL, &error))
            results = charter_search_index_search (index, query, NULL, NULL,
                                                   CHARTER_SEARCH_COMMAND_MAX_RESULTS, &error);
        }
      if (results == NULL)
        {
          g_printerr ("charter: %s\n", error->message);
          return;
        }
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (results));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CharterSearchResult) result = g_list_model_get_item (G_LIST_MODEL (results), i);
      CharterEntry *document = CHARTER_ENTRY (charter_search_result_get_document (result));

      g_string_truncate (line, 0);
      print_field (line, charter_entry_get_id (document));
      g_string_append_c (line, '\t');
      print_field (line, charter_entry_get_title (document));
      g_string_append_c (line, '\t');
      print_snippet (line, charter_search_result_get_snippet (result),
                     charter_search_result_get_snippet_hits (result), bold);
      puts (line->str);
    }

  if (summary)
    {
      guint total = charter_search_results_get_total (results);

      if (total == 0)
        g_printerr ("%s\n", _("No results"));
      else if (total > n)
        /* Translators: shown after the first results of a search. */
        g_printerr (_("%u of %u results\n"), n, total);
    }
}

/**
 * charter_search_command:
 * @query: what to search for, or "-" to read queries from standard input
 * @file: the knowledge base
 * @name: how to name @file in messages: as the reader gave it
 * @cache_dir: (nullable): where search indexes are cached
 *
 * Returns: 0 when the searches ran (found something or not), 1 when @file
 *   could not be read or is not a valid knowledge base
 */
int
charter_search_command (const char *query,
                        GFile      *file,
                        const char *name,
                        const char *cache_dir)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(CharterSearchIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  gboolean bold = isatty (STDOUT_FILENO);

  kb = charter_loader_load_file (loader, file, NULL, &error);
  if (kb == NULL)
    {
      if (g_error_matches (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_INVALID))
        {
          g_autoptr(CharterProblem) first =
            g_list_model_get_item (charter_loader_get_problems (loader), 0);
          g_autofree char *line = charter_problem_format (first, name);

          g_printerr ("%s\n", line);
          g_printerr (_("%s: error: not a valid knowledge base; “charter --validate” lists "
                        "every problem\n"), name);
        }
      else
        g_printerr ("%s: error: %s\n", name, error->message);
      return 1;
    }

  index = charter_search_index_new (kb, cache_dir);
  if (!charter_search_index_prepare (index, NULL, &error))
    {
      g_printerr ("charter: %s\n", error->message);
      return 1;
    }

  if (strcmp (query, "-") != 0)
    run_query (index, query, bold, TRUE);
  else
    {
      char buffer[4096];
      g_autoptr(GString) text = g_string_new (NULL);

      /* fgets() in pieces: a line of any length is one query. */
      while (fgets (buffer, sizeof buffer, stdin) != NULL)
        {
          g_string_append (text, buffer);
          if (text->str[text->len - 1] != '\n' && !feof (stdin))
            continue;
          while (text->len > 0 && (text->str[text->len - 1] == '\n' ||
                                   text->str[text->len - 1] == '\r'))
            g_string_truncate (text, text->len - 1);

          printf ("# %s\n", text->str);
          run_query (index, text->str, bold, FALSE);
          fflush (stdout);
          g_string_truncate (text, 0);
        }
    }

  fflush (stdout);
  return 0;
}
