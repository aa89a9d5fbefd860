/* fuzz-search.c: libFuzzer target for query reading, matching and snippets
 *
 * The input's first line is what a reader typed, the rest a text to find
 * it in. Every query must run on a real index without an error (the FTS5
 * expression Charter writes is always valid), and the hits and the snippet
 * must stay inside their texts, sorted and apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "fuzz-search"

#include "fuzz-common.h"

#include <string.h>

#include "charter-loader.h"
#include "charter-search-index.h"

static CharterKnowledgeBase *kb;
static CharterSearchIndex *index_;

static const char fixture[] =
  "{\"charter-format\": 1, \"id\": \"fuzz\", \"title\": \"Fuzz\", \"language\": \"en\","
  " \"topics\": [{\"id\": \"t\", \"title\": \"Topic\"}],"
  " \"documents\": ["
  "  {\"id\": \"a\", \"title\": \"Cyber sovereignty\", \"topics\": [\"t\"],"
  "   \"body\": \"## Peace\\n\\nA *shared* future in cyberspace: 网络空间主权. Café.\"},"
  "  {\"id\": \"b\", \"title\": \"東京\", \"topics\": [\"t\"],"
  "   \"body\": \"コーヒー and tea, near the sea; NOT OR AND NEAR.\"}"
  " ]}";

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(CharterLoader) loader = NULL;
  g_autoptr(GBytes) bytes = NULL;

  fuzz_init_glib ();

  loader = charter_loader_new ();
  bytes = g_bytes_new_static (fixture, sizeof fixture - 1);
  kb = charter_loader_load_bytes (loader, bytes, NULL, NULL);
  g_assert_nonnull (kb);
  index_ = charter_search_index_new (kb, NULL);
  g_assert_true (charter_search_index_prepare (index_, NULL, NULL));

  return 0;
}

static void
check_ranges (const GArray *ranges,
              guint         length)
{
  guint previous_end = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      const CharterTextRange *range = &g_array_index (ranges, CharterTextRange, i);

      g_assert_cmpuint (range->start, <, range->end);
      g_assert_cmpuint (range->end, <=, length);
      g_assert_cmpuint (range->start, >=, previous_end);
      previous_end = range->end;
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *newline = memchr (data, '\n', size);
  gsize query_length = newline != NULL ? (gsize) (newline - data) : size;
  g_autofree char *typed = g_strndup ((const char *) data, query_length);
  g_autofree char *text = NULL;
  g_autofree char *snippet = NULL;
  g_autoptr(CharterSearchQuery) query = NULL;
  g_autoptr(CharterSearchResults) results = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) snippet_hits = NULL;
  g_autoptr(GError) error = NULL;

  /* Texts come from the renderer, which always gives valid UTF-8. */
  if (newline != NULL)
    text = g_utf8_make_valid ((const char *) newline + 1, (gssize) (size - query_length - 1));
  else
    text = g_strdup ("");

  query = charter_search_query_new (typed);
  g_assert_true (g_utf8_validate (charter_search_query_get_fts (query), -1, NULL));

  results = charter_search_index_search (index_, query, NULL, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (results)); i++)
    {
      g_autoptr(CharterSearchResult) result =
        g_list_model_get_item (G_LIST_MODEL (results), i);
      const char *result_snippet = charter_search_result_get_snippet (result);

      g_assert_true (g_utf8_validate (result_snippet, -1, NULL));
      check_ranges (charter_search_result_get_snippet_hits (result),
                    (guint) g_utf8_strlen (result_snippet, -1));
      /* Whatever matched in the index is found again in the text. */
      g_assert_cmpuint (charter_search_result_get_hits (result)->len +
                        charter_search_result_get_title_hits (result)->len, >, 0);
    }

  /* The same text, read as typed so far: its last word becomes a prefix. */
  {
    g_autoptr(CharterSearchQuery) partial = charter_search_query_new_as_you_type (typed);
    g_autoptr(CharterSearchResults) partial_results = NULL;

    partial_results = charter_search_index_search (index_, partial, NULL, NULL, 10, &error);
    g_assert_no_error (error);
    g_assert_nonnull (partial_results);
  }

  hits = charter_search_query_find_hits (query, text, -1, 0);
  check_ranges (hits, (guint) g_utf8_strlen (text, -1));
  snippet = charter_search_query_make_snippet (query, text, hits, &snippet_hits);
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
  check_ranges (snippet_hits, (guint) g_utf8_strlen (snippet, -1));

  return 0;
}
