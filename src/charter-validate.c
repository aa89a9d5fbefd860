/* charter-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-validate"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "charter-loader.h"
#include "charter-validate.h"

/**
 * charter_validate_files:
 * @filenames: the files as given on the command line
 *
 * Prints one line per problem in the form compilers use, so that editors
 * can jump to it, and a summary for each file on standard error.
 *
 * Returns: 0 if every file is valid (warnings allowed), 1 if one has errors,
 *   2 if one could not be read at all
 */
int
charter_validate_files (const char * const *filenames)
{
  int status = 0;

  if (filenames == NULL || filenames[0] == NULL)
    {
      g_printerr ("%s\n", _("Usage: charter --validate FILE…"));
      return 2;
    }

  for (guint i = 0; filenames[i] != NULL; i++)
    {
      const char *filename = filenames[i];
      g_autoptr(CharterLoader) loader = charter_loader_new ();
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (filename);
      g_autoptr(CharterKnowledgeBase) kb = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *problems;
      guint n;

      kb = charter_loader_load_file (loader, file, NULL, &error);
      if (g_error_matches (error, CHARTER_LOADER_ERROR, CHARTER_LOADER_ERROR_READ))
        {
          g_printerr ("%s: error: %s\n", filename, error->message);
          status = 2;
          continue;
        }

      problems = charter_loader_get_problems (loader);
      n = g_list_model_get_n_items (problems);
      for (guint k = 0; k < n; k++)
        {
          g_autoptr(CharterProblem) problem = g_list_model_get_item (problems, k);
          g_autofree char *line = charter_problem_format (problem, filename);

          printf ("%s\n", line);
        }

      if (kb == NULL && status == 0)
        status = 1;
    }

  fflush (stdout);

  return status;
}
