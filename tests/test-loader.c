/* test-loader.c: the loader and validator, error class by error class
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "charter-loader.h"

/* A valid knowledge base to break one field at a time: "%s" is replaced by
 * the documents array, so positions in each case are easy to read.
 */
#define HEADER \
  "{\n" \
  "  \"charter-format\": 1,\n" \
  "  \"id\": \"t\",\n" \
  "  \"title\": \"T\",\n" \
  "  \"language\": \"en\",\n" \
  "  \"topics\": [\n" \
  "    { \"id\": \"gov\", \"title\": \"Governance\" },\n" \
  "    { \"id\": \"sec\", \"title\": \"Security\", \"parent\": \"gov\" }\n" \
  "  ],\n" \
  "  \"principles\": [\n" \
  "    { \"id\": \"peace\", \"title\": \"Peace\", \"topics\": [\"sec\"] }\n" \
  "  ],\n"

static CharterLoader *
load_string (const char            *json,
             CharterKnowledgeBase **kb_out)
{
  CharterLoader *loader = charter_loader_new ();
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  CharterKnowledgeBase *kb;

  kb = charter_loader_load_bytes (loader, bytes, NULL, &error);
  if (kb == NULL)
    g_assert_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_INVALID);
  else
    g_assert_no_error (error);

  if (kb_out)
    *kb_out = kb;
  else
    g_clear_object (&kb);

  return loader;
}

static char *
format_all (CharterLoader *loader,
            const char    *filename)
{
  GListModel *problems = charter_loader_get_problems (loader);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(CharterProblem) problem = g_list_model_get_item (problems, i);
      g_autofree char *line = charter_problem_format (problem, filename);

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* Asserts that @json yields exactly @expected (problem lines, file "kb"). */
static void
assert_problems (const char *json,
                 const char *expected)
{
  g_autoptr(CharterLoader) loader = load_string (json, NULL);
  g_autofree char *actual = format_all (loader, "kb");

  g_assert_cmpstr (actual, ==, expected);
}

static char *
with_documents (const char *documents)
{
  return g_strdup_printf (HEADER "  \"documents\": %s\n}\n", documents);
}

static void
test_valid (void)
{
  g_autofree char *json = with_documents (
    "[\n"
    "    { \"id\": \"d1\", \"title\": \"One\", \"date\": \"2017-03-01\",\n"
    "      \"source\": { \"publisher\": \"P\", \"url\": \"https://example.org/\" },\n"
    "      \"topics\": [\"sec\"], \"principles\": [\"peace\"],\n"
    "      \"body\": \"See [two](kb:d2) and [peace](kb:peace).\" },\n"
    "    { \"id\": \"d2\", \"title\": \"Two\", \"body\": \"\" }\n"
    "  ]");
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(CharterLoader) loader = load_string (json, &kb);
  CharterEntry *entry;

  g_assert_nonnull (kb);
  g_assert_cmpuint (charter_loader_get_n_errors (loader), ==, 0);
  g_assert_cmpuint (charter_loader_get_n_warnings (loader), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (charter_loader_get_problems (loader)), ==, 0);

  g_assert_cmpstr (charter_knowledge_base_get_id (kb), ==, "t");
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_documents (kb)), ==, 2);
  entry = charter_knowledge_base_lookup (kb, "d1");
  g_assert_true (CHARTER_IS_DOCUMENT (entry));
  g_assert_cmpstr (charter_document_get_source_url (CHARTER_DOCUMENT (entry)), ==,
                   "https://example.org/");
  g_assert_true (CHARTER_IS_TOPIC (charter_knowledge_base_lookup (kb, "sec")));
  g_assert_null (charter_knowledge_base_lookup (kb, "nothing"));
}

static void
test_syntax (void)
{
  assert_problems ("{\n  \"a\": [1, 2,, 3]\n}\n",
                   "kb:2:14: error: JSON syntax error: unexpected character `,', "
                   "expected character `]' (/a)\n");
  /* json-glib names the token before the missing comma. */
  assert_problems ("{\n  \"id\": \"x\"\n  \"title\": \"y\"\n}\n",
                   "kb:2:11: error: JSON syntax error: unexpected string constant \"x\", "
                   "expected character `,' (/id)\n");
  /* What json-glib would let through, JSON does not allow. */
  assert_problems ("{\n  // note\n}", "kb:2:3: error: JSON syntax error: comments are not allowed "
                                      "in JSON (/)\n");
  assert_problems ("{ 'id': 1 }", "kb:1:3: error: JSON syntax error: strings must be in double "
                                 "quotes (/)\n");
  assert_problems ("{ \"id\": \"a\n\" }",
                   "kb:1:11: error: JSON syntax error: control character U+000A in a string "
                   "(is a closing quote missing?) (/id)\n");
  /* json-glib would keep the first value, leak the second. */
  assert_problems ("1{}", "kb:1:2: error: JSON syntax error: unexpected text after the top-level "
                          "value (/)\n");
  assert_problems ("{ \"t\": \"\\udc00\" }",
                   "kb:1:9: error: JSON syntax error: “\\udc00” is half of a surrogate pair; it is "
                   "not a character (/t)\n");
  assert_problems ("{ \"t\": \"\\q\" }",
                   "kb:1:9: error: JSON syntax error: invalid escape “\\q” (/t)\n");
  assert_problems ("{ \"t\": \"\\ud83d\\ude00 fine, \\ud83d not\" }",
                   "kb:1:28: error: JSON syntax error: “\\ud83d” is half of a surrogate pair; "
                   "it is not a character (/t)\n");
  /* Columns count characters, not bytes: 网络 is two columns, six bytes. */
  assert_problems ("{\"网络\": [1,, 2]}",
                   "kb:1:11: error: JSON syntax error: unexpected character `,', "
                   "expected character `]' (/网络)\n");
}

static void
test_empty (void)
{
  assert_problems ("", "kb:1:1: error: the file is empty (/)\n");
  assert_problems ("  \n\t\n", "kb:1:1: error: the file is empty (/)\n");
}

static void
test_byte_order_mark (void)
{
  assert_problems ("\xef\xbb\xbf{}",
                   "kb:1:1: error: the file starts with a byte order mark; save it as UTF-8 "
                   "without one (/)\n");
}

static void
test_top_level (void)
{
  assert_problems ("[1, 2]",
                   "kb:1:1: error: the top level must be an object, not an array (/)\n");
  assert_problems ("\n  \"x\"",
                   "kb:2:3: error: the top level must be an object, not a string (/)\n");
  assert_problems ("null", "kb:1:1: error: the top level must be an object, not null (/)\n");
}

static void
test_encoding (void)
{
  assert_problems ("{\n  \"title\": \"ab\xff\"\n}",
                   "kb:2:15: error: the file is not valid UTF-8: unexpected byte 0xff (/title)\n");

  {
    static const char data[] = "{\n  \"a\": \"x\0y\"\n}";
    g_autoptr(CharterLoader) loader = charter_loader_new ();
    g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
    g_autoptr(CharterKnowledgeBase) kb = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *actual = NULL;

    kb = charter_loader_load_bytes (loader, bytes, NULL, &error);
    g_assert_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_INVALID);
    actual = format_all (loader, "kb");
    g_assert_cmpstr (actual, ==,
                     "kb:2:10: error: the file contains a NUL byte; a knowledge base is UTF-8 "
                     "text (/a)\n");
  }
}

static void
test_header (void)
{
  assert_problems ("{ \"id\": \"t\", \"title\": \"T\", \"language\": \"en\" }",
                   "kb:1:1: error: missing required field “charter-format” (/)\n");
  assert_problems ("{ \"charter-format\": 2, \"id\": 5 }",
                   "kb:1:3: error: unsupported format version 2; this version of Charter reads "
                   "version 1 (/charter-format)\n");
  assert_problems ("{ \"charter-format\": \"1\", \"id\": \"t\", \"title\": \"T\", "
                   "\"language\": \"en\" }",
                   "kb:1:3: error: expected an integer, found a string (/charter-format)\n");
  assert_problems ("{ \"charter-format\": 1, \"id\": \"t\", \"title\": \"\", "
                   "\"language\": \"english\" }",
                   "kb:1:35: error: “title” must not be empty (/title)\n"
                   "kb:1:48: error: invalid language tag “english”: expected a tag such as "
                   "“en” or “zh-CN” (/language)\n");
}

static void
test_wrong_types (void)
{
  g_autofree char *a = with_documents ("[\n    { \"id\": \"d\", \"title\": 7, \"body\": [] }\n  ]");
  g_autofree char *b = with_documents ("[\n    \"d\"\n  ]");
  g_autofree char *c = with_documents ("{}");
  g_autofree char *d = with_documents (
    "[\n    { \"id\": \"d\", \"title\": \"D\", \"body\": \"\", \"topics\": [\"sec\", 4],\n"
    "      \"source\": \"x\", \"date\": 20170301 }\n  ]");

  assert_problems (a,
                   "kb:14:18: error: expected a string, found a number (/documents/0/title)\n"
                   "kb:14:30: error: expected a string, found an array (/documents/0/body)\n");
  assert_problems (b, "kb:14:5: error: expected an object, found a string (/documents/0)\n");
  assert_problems (c, "kb:13:3: error: expected an array, found an object (/documents)\n");
  assert_problems (d,
                   "kb:14:62: error: expected a topic id, found a number "
                   "(/documents/0/topics/1)\n"
                   "kb:15:7: error: expected an object, found a string (/documents/0/source)\n"
                   "kb:15:22: error: expected a string, found a number (/documents/0/date)\n");
}

static void
test_missing (void)
{
  g_autofree char *json = with_documents ("[\n    { \"title\": \"D\" }\n  ]");

  assert_problems (json,
                   "kb:14:5: error: missing required field “id” (/documents/0)\n"
                   "kb:14:5: error: missing required field “body” (/documents/0)\n");
}

static void
test_ids (void)
{
  g_autofree char *json = with_documents (
    "[\n"
    "    { \"id\": \"peace\", \"title\": \"D\", \"body\": \"\" },\n"
    "    { \"id\": \"-x\", \"title\": \"D\", \"body\": \"\" }\n"
    "  ]");

  assert_problems (json,
                   "kb:14:7: error: duplicate id “peace”; first defined at 11:7 "
                   "(/documents/0/id)\n"
                   "kb:15:7: error: invalid id “-x”: use 1 to 128 letters, digits, “.”, “_” or "
                   "“-”, starting with a letter or digit (/documents/1/id)\n");
}

static void
test_references (void)
{
  g_autofree char *json = with_documents (
    "[\n"
    "    { \"id\": \"d\", \"title\": \"D\", \"body\": \"\",\n"
    "      \"topics\": [\"gov\", \"nope\", \"peace\"], \"principles\": [\"sec\", \"war\"] }\n"
    "  ]");

  assert_problems (json,
                   "kb:15:25: error: unknown topic “nope” (/documents/0/topics/1)\n"
                   "kb:15:33: error: “peace” is a principle, not a topic "
                   "(/documents/0/topics/2)\n"
                   "kb:15:58: error: “sec” is a topic, not a principle "
                   "(/documents/0/principles/0)\n"
                   "kb:15:65: error: unknown principle “war” (/documents/0/principles/1)\n");
}

static void
test_cycles (void)
{
  assert_problems ("{\n"
                   "  \"charter-format\": 1, \"id\": \"t\", \"title\": \"T\",\n"
                   "  \"language\": \"en\",\n"
                   "  \"topics\": [\n"
                   "    { \"id\": \"a\", \"title\": \"A\", \"parent\": \"c\" },\n"
                   "    { \"id\": \"b\", \"title\": \"B\", \"parent\": \"a\" },\n"
                   "    { \"id\": \"c\", \"title\": \"C\", \"parent\": \"b\" },\n"
                   "    { \"id\": \"s\", \"title\": \"S\", \"parent\": \"s\" },\n"
                   "    { \"id\": \"x\", \"title\": \"X\", \"parent\": \"y\" },\n"
                   "    { \"id\": \"z\", \"title\": \"Z\", \"parent\": \"a\" }\n"
                   "  ]\n"
                   "}\n",
                   "kb:5:32: error: topic “a” is its own ancestor: a → c → b → a "
                   "(/topics/0/parent)\n"
                   "kb:8:32: error: topic “s” is its own ancestor: s → s (/topics/3/parent)\n"
                   "kb:9:32: error: unknown parent topic “y” (/topics/4/parent)\n");
}

static void
test_dates_and_urls (void)
{
  g_autofree char *json = with_documents (
    "[\n"
    "    { \"id\": \"a\", \"title\": \"A\", \"body\": \"\", \"date\": \"2017-02-30\" },\n"
    "    { \"id\": \"b\", \"title\": \"B\", \"body\": \"\", \"date\": \"2016-02-29\",\n"
    "      \"source\": { \"url\": \"javascript:alert(1)\" } }\n"
    "  ]");

  assert_problems (json,
                   "kb:14:44: error: invalid date “2017-02-30”: expected a real date as "
                   "YYYY-MM-DD (/documents/0/date)\n"
                   "kb:16:19: error: source URL “javascript:alert(1)” must start with http:// "
                   "or https:// (/documents/1/source/url)\n");
}

static void
test_warnings (void)
{
  g_autofree char *json = with_documents (
    "[\n"
    "    { \"id\": \"d\", \"title\": \"D\", \"x-new\": true,\n"
    "      \"body\": \"[a](kb:gov) [b](kb:gone) <kb:peace> `kb:code`\" }\n"
    "  ]");
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(CharterLoader) loader = load_string (json, &kb);
  g_autofree char *actual = format_all (loader, "kb");

  /* Warnings never stop a knowledge base from opening. */
  g_assert_nonnull (kb);
  g_assert_cmpuint (charter_loader_get_n_errors (loader), ==, 0);
  g_assert_cmpuint (charter_loader_get_n_warnings (loader), ==, 2);
  g_assert_cmpstr (actual, ==,
                   "kb:14:32: warning: unknown field “x-new” (/documents/0/x-new)\n"
                   "kb:15:7: warning: link to unknown entry “gone” (/documents/0/body)\n");
}

static void
test_body_too_long (void)
{
  gsize n = CHARTER_LOADER_MAX_BODY + 1;
  g_autofree char *body = g_malloc (n + 1);
  g_autofree char *documents = NULL;
  g_autofree char *json = NULL;

  memset (body, 'a', n);
  body[n] = '\0';
  documents = g_strdup_printf ("[\n    { \"id\": \"d\", \"title\": \"D\", \"body\": \"%s\" }\n  ]",
                               body);
  json = with_documents (documents);
  assert_problems (json,
                   "kb:14:32: error: body is too long: 4194305 bytes, the limit is 4194304 "
                   "(/documents/0/body)\n");
}

/* Each hostile input must give an error, not a crash, a hang or a huge
 * allocation.
 */
static void
test_deep_nesting (void)
{
  GString *json = g_string_new ("{ \"x\": ");
  g_autoptr(CharterLoader) loader = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *data = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, " }");
  data = g_string_free (json, FALSE);

  loader = load_string (data, NULL);
  actual = format_all (loader, "kb");
  g_assert_true (g_str_has_prefix (actual, "kb:1:71: error: nesting is deeper than 64 levels "
                                           "(/x/0/0/0/0/0/0/0/0/0/0"));
}

static void
test_huge_string (void)
{
  gsize n = 100 * 1024 * 1024;
  g_autofree char *data = g_malloc (n + 256);
  g_autoptr(CharterLoader) loader = NULL;
  g_autofree char *actual = NULL;
  int len;

  len = g_snprintf (data, 256, "{ \"charter-format\": 1, \"id\": \"t\", \"title\": \"T\", "
                               "\"language\": \"en\", \"description\": \"");
  memset (data + len, 'z', n);
  strcpy (data + len + n, "\" }");

  loader = load_string (data, NULL);
  actual = format_all (loader, "kb");
  /* A long description is allowed; the point is that it loads, once. */
  g_assert_cmpstr (actual, ==, "");
}

static void
test_million_documents (void)
{
  const guint n = 1000000;
  GString *json = g_string_sized_new (n * 48);
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(CharterLoader) loader = NULL;
  g_autofree char *data = NULL;

  g_string_append (json, "{ \"charter-format\": 1, \"id\": \"t\", \"title\": \"T\", "
                         "\"language\": \"en\", \"documents\": [\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\":\"d%u\",\"title\":\"D\",\"body\":\"x\"}\n",
                            i ? "," : "", i);
  g_string_append (json, "] }");
  data = g_string_free (json, FALSE);

  loader = load_string (data, &kb);
  g_assert_nonnull (kb);
  g_assert_cmpuint (g_list_model_get_n_items (charter_knowledge_base_get_documents (kb)), ==, n);
  g_assert_nonnull (charter_knowledge_base_lookup (kb, "d999999"));
}

static void
test_many_problems (void)
{
  const guint n = 200000;
  GString *json = g_string_new ("{ \"charter-format\": 1, \"id\": \"t\", \"title\": \"T\", "
                                "\"language\": \"en\", \"documents\": [\n");
  g_autoptr(CharterLoader) loader = NULL;
  g_autofree char *data = NULL;
  GListModel *problems;
  g_autoptr(CharterProblem) last = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"id\":\"d\",\"title\":1}\n", i ? "," : "");
  g_string_append (json, "] }");
  data = g_string_free (json, FALSE);

  loader = load_string (data, NULL);
  problems = charter_loader_get_problems (loader);
  /* Every problem is counted, only the first thousand are kept. */
  g_assert_cmpuint (charter_loader_get_n_errors (loader), ==, 3 * n - 1);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, CHARTER_LOADER_MAX_PROBLEMS + 1);
  last = g_list_model_get_item (problems, CHARTER_LOADER_MAX_PROBLEMS);
  g_assert_cmpstr (charter_problem_get_message (last), ==,
                   "too many problems; only the first 1000 are listed");
}

static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20170301);

  for (guint round = 0; round < 200; round++)
    {
      gsize n = (gsize) g_rand_int_range (rand, 1, 4096);
      g_autofree guchar *data = g_malloc (n);
      g_autoptr(CharterLoader) loader = charter_loader_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(CharterKnowledgeBase) kb = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < n; i++)
        data[i] = (guchar) g_rand_int_range (rand, 0, 256);
      /* Half the rounds start like JSON, to get past the first byte. */
      if (round % 2)
        data[0] = '{';

      bytes = g_bytes_new (data, n);
      kb = charter_loader_load_bytes (loader, bytes, NULL, &error);
      g_assert_null (kb);
      g_assert_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_INVALID);
      g_assert_cmpuint (charter_loader_get_n_errors (loader), >=, 1);
    }
}

static void
assert_read_error (GFile      *file,
                   const char *expected)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GError) error = NULL;

  kb = charter_loader_load_file (loader, file, NULL, &error);
  g_assert_null (kb);
  g_assert_error (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_unreadable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("charter-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) fifo_file = g_file_new_for_path (fifo);
  g_autofree char *expected = NULL;

  expected = g_strdup_printf ("Cannot read “%s”: it is a folder, not a file", dir);
  assert_read_error (dir_file, expected);
  g_free (expected);

  expected = g_strdup_printf ("Cannot read “%s”: there is no such file", missing);
  assert_read_error (missing_file, expected);
  g_free (expected);

  /* A pipe would block a naive reader forever. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  expected = g_strdup_printf ("Cannot read “%s”: it is not a regular file", fifo);
  assert_read_error (fifo_file, expected);

  g_unlink (fifo);
  g_rmdir (dir);
}

/* Root reads every file, so as root the check runs in a child that has
 * given up its privileges.
 */
static void
test_permission_denied (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *expected = NULL;
  int fd;

  fd = g_file_open_tmp ("charter-XXXXXX.json", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_chmod (path, 0);
  file = g_file_new_for_path (path);
  expected = g_strdup_printf ("Cannot read “%s”: permission denied", path);

  if (geteuid () == 0)
    {
      pid_t pid = fork ();
      int status = 0;

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          if (setgid (65534) != 0 || setuid (65534) != 0)
            _exit (3);
          assert_read_error (file, expected);
          _exit (0);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  else
    assert_read_error (file, expected);

  g_unlink (path);
}

/* The corpus: every NN-name.json under tests/data/invalid has NN-name.expected with
 * exactly the lines `charter --validate` prints for it.
 */
static void
test_corpus (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "invalid", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *expected_path = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(CharterLoader) loader = charter_loader_new ();
      g_autoptr(CharterKnowledgeBase) kb = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      expected_path = g_strdup_printf ("%.*s.expected", (int) strlen (path) - 5, path);
      g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));

      file = g_file_new_for_path (path);
      kb = charter_loader_load_file (loader, file, NULL, NULL);
      actual = format_all (loader, name);
      g_assert_cmpstr (actual, ==, expected);
      /* Every file in the corpus has at least one problem, and it opens
       * exactly when none of them is an error.
       */
      g_assert_cmpstr (actual, !=, "");
      g_assert_true ((kb != NULL) == (strstr (actual, ": error: ") == NULL));
      n++;
    }

  g_assert_cmpuint (n, >=, 40);
}

static void
assert_file_valid (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CharterLoader) loader = charter_loader_new ();
  g_autoptr(CharterKnowledgeBase) kb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actual = NULL;

  kb = charter_loader_load_file (loader, file, NULL, &error);
  actual = format_all (loader, path);
  g_assert_cmpstr (actual, ==, "");
  g_assert_no_error (error);
  g_assert_nonnull (kb);
}

static void
test_valid_fixtures (void)
{
  g_autofree char *minimal = g_test_build_filename (G_TEST_DIST, "data", "valid", "minimal.json",
                                                    NULL);
  g_autofree char *full = g_test_build_filename (G_TEST_DIST, "data", "valid", "full.json", NULL);

  assert_file_valid (minimal);
  assert_file_valid (full);
}

static void
test_bundled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "cyberspace-strategy.json", NULL);

  assert_file_valid (path);
}

typedef struct
{
  GMainLoop            *loop;
  CharterKnowledgeBase *kb;
  GError               *error;
  GArray               *progress;
} AsyncData;

static void
progress_cb (CharterLoader *loader,
             GParamSpec    *pspec,
             AsyncData     *data)
{
  double value = charter_loader_get_progress (loader);

  g_array_append_val (data->progress, value);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = user_data;

  data->kb = charter_loader_load_finish (CHARTER_LOADER (object), result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
run_async (GFile        *file,
           GCancellable *cancellable,
           AsyncData    *data)
{
  g_autoptr(CharterLoader) loader = charter_loader_new ();

  data->loop = g_main_loop_new (NULL, FALSE);
  data->progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect (loader, "notify::progress", G_CALLBACK (progress_cb), data);
  charter_loader_load_async (loader, file, cancellable, loaded_cb, data);
  g_main_loop_run (data->loop);
  g_main_loop_unref (data->loop);
}

static void
test_async (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "full.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncData data = { 0 };
  double previous = 0.0;

  run_async (file, NULL, &data);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.kb);

  /* Progress only goes up, and ends at 1. */
  g_assert_cmpuint (data.progress->len, >=, 2);
  for (guint i = 0; i < data.progress->len; i++)
    {
      double value = g_array_index (data.progress, double, i);

      g_assert_cmpfloat (value, >=, previous);
      previous = value;
    }
  g_assert_cmpfloat (previous, ==, 1.0);

  g_object_unref (data.kb);
  g_array_unref (data.progress);
}

static void
test_async_cancelled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "valid", "full.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncData data = { 0 };

  g_cancellable_cancel (cancellable);
  run_async (file, cancellable, &data);
  g_assert_null (data.kb);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&data.error);
  g_array_unref (data.progress);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/loader/valid", test_valid);
  g_test_add_func ("/loader/syntax", test_syntax);
  g_test_add_func ("/loader/empty", test_empty);
  g_test_add_func ("/loader/top-level", test_top_level);
  g_test_add_func ("/loader/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/loader/encoding", test_encoding);
  g_test_add_func ("/loader/header", test_header);
  g_test_add_func ("/loader/wrong-types", test_wrong_types);
  g_test_add_func ("/loader/missing", test_missing);
  g_test_add_func ("/loader/ids", test_ids);
  g_test_add_func ("/loader/references", test_references);
  g_test_add_func ("/loader/cycles", test_cycles);
  g_test_add_func ("/loader/dates-and-urls", test_dates_and_urls);
  g_test_add_func ("/loader/warnings", test_warnings);
  g_test_add_func ("/loader/body-too-long", test_body_too_long);
  g_test_add_func ("/loader/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/loader/hostile/huge-string", test_huge_string);
  g_test_add_func ("/loader/hostile/million-documents", test_million_documents);
  g_test_add_func ("/loader/hostile/many-problems", test_many_problems);
  g_test_add_func ("/loader/hostile/garbage", test_garbage);
  g_test_add_func ("/loader/hostile/unreadable", test_unreadable);
  g_test_add_func ("/loader/hostile/permission-denied", test_permission_denied);
  g_test_add_func ("/loader/corpus", test_corpus);
  g_test_add_func ("/loader/valid-fixtures", test_valid_fixtures);
  g_test_add_func ("/loader/bundled", test_bundled);
  g_test_add_func ("/loader/async", test_async);
  g_test_add_func ("/loader/async-cancelled", test_async_cancelled);

  return g_test_run ();
}
