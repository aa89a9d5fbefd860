/* charter-problem.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "charter-problem"

#include "config.h"

#include "charter-problem.h"

struct _CharterProblem
{
  GObject          parent_instance;
  CharterSeverity  severity;
  guint            line;
  guint            column;
  char            *path;
  char            *message;
};

G_DEFINE_FINAL_TYPE (CharterProblem, charter_problem, G_TYPE_OBJECT)

static void
charter_problem_finalize (GObject *object)
{
  CharterProblem *self = CHARTER_PROBLEM (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (charter_problem_parent_class)->finalize (object);
}

static void
charter_problem_class_init (CharterProblemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = charter_problem_finalize;
}

static void
charter_problem_init (CharterProblem *self)
{
}

/**
 * charter_problem_new:
 * @line: 1-based line, or 0 when the problem is about the whole file
 * @column: 1-based column in characters
 * @path: a JSON Pointer such as `/documents/12/topics/3` (`""` for the root)
 */
CharterProblem *
charter_problem_new (CharterSeverity  severity,
                     guint            line,
                     guint            column,
                     const char      *path,
                     const char      *message)
{
  CharterProblem *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (CHARTER_TYPE_PROBLEM, NULL);
  self->severity = severity;
  self->line = line;
  self->column = column;
  self->path = g_strdup (path);
  self->message = g_strdup (message);

  return self;
}

CharterSeverity
charter_problem_get_severity (CharterProblem *self)
{
  g_return_val_if_fail (CHARTER_IS_PROBLEM (self), CHARTER_SEVERITY_ERROR);

  return self->severity;
}

guint
charter_problem_get_line (CharterProblem *self)
{
  g_return_val_if_fail (CHARTER_IS_PROBLEM (self), 0);

  return self->line;
}

guint
charter_problem_get_column (CharterProblem *self)
{
  g_return_val_if_fail (CHARTER_IS_PROBLEM (self), 0);

  return self->column;
}

const char *
charter_problem_get_path (CharterProblem *self)
{
  g_return_val_if_fail (CHARTER_IS_PROBLEM (self), NULL);

  return self->path;
}

const char *
charter_problem_get_message (CharterProblem *self)
{
  g_return_val_if_fail (CHARTER_IS_PROBLEM (self), NULL);

  return self->message;
}

/**
 * charter_problem_format:
 * @filename: the file's name as the user gave it
 *
 * Formats the problem the way GCC does, so that editors can jump to it:
 * `FILE:LINE:COL: error: message (path)`. The words "error" and "warning"
 * stay untranslated, as they do in compilers, because tools match them.
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
charter_problem_format (CharterProblem *self,
                        const char     *filename)
{
  const char *kind;

  g_return_val_if_fail (CHARTER_IS_PROBLEM (self), NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  kind = self->severity == CHARTER_SEVERITY_ERROR ? "error" : "warning";

  return g_strdup_printf ("%s:%u:%u: %s: %s (%s)",
                          filename, self->line, self->column, kind, self->message,
                          self->path[0] ? self->path : "/");
}
