/* charter-loader.h: reads and validates a knowledge base in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "charter-knowledge-base.h"
#include "charter-problem.h"

G_BEGIN_DECLS

#define CHARTER_LOADER_ERROR (charter_loader_error_quark ())

typedef enum
{
  /* The file could not be read at all: missing, a directory, unreadable. */
  CHARTER_LOADER_ERROR_READ,
  /* The file was read but has errors; the problems list says which. */
  CHARTER_LOADER_ERROR_INVALID,
} CharterLoaderError;

/* Limits that keep hostile input from exhausting memory or the stack. */
#define CHARTER_LOADER_MAX_FILE_SIZE ((gsize) 1 << 30)
#define CHARTER_LOADER_MAX_DEPTH     64
#define CHARTER_LOADER_MAX_BODY      (4 * 1024 * 1024)
#define CHARTER_LOADER_MAX_PROBLEMS  1000

#define CHARTER_TYPE_LOADER (charter_loader_get_type ())

G_DECLARE_FINAL_TYPE (CharterLoader, charter_loader, CHARTER, LOADER, GObject)

GQuark                charter_loader_error_quark      (void);
CharterLoader        *charter_loader_new              (void);
double                charter_loader_get_progress     (CharterLoader        *self);
GListModel           *charter_loader_get_problems     (CharterLoader        *self);
guint                 charter_loader_get_n_errors     (CharterLoader        *self);
guint                 charter_loader_get_n_warnings   (CharterLoader        *self);
void                  charter_loader_load_async       (CharterLoader        *self,
                                                       GFile                *file,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
CharterKnowledgeBase *charter_loader_load_finish      (CharterLoader        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
CharterKnowledgeBase *charter_loader_load_file        (CharterLoader        *self,
                                                       GFile                *file,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
CharterKnowledgeBase *charter_loader_load_bytes       (CharterLoader        *self,
                                                       GBytes               *bytes,
                                                       GCancellable         *cancellable,
                                                       GError              **error);

G_END_DECLS
