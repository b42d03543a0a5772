// Package workspace is the bureau's web workspace that rotaplan serve runs:
// one process on the bureau's intranet where planners upload the county
// dataset, see where the county stands, plan the rotation as a background
// job with live progress, pin teachers and re-plan against a plan as the
// baseline, explain a teacher's row, submit the plan, and approvers
// approve or reject it; everyone downloads the documents for approval and
// publication.
//
// The pages are rendered on the server (html/template, Chinese by default,
// English with a switch); the one script, app.js, follows a running plan
// over Server-Sent Events. Every asset is embedded: nothing is fetched
// from elsewhere. The JSON API under /api/ does what the pages do.
//
// The workspace computes nothing of its own: datasets are read by
// model.LoadFS (pins included: a re-plan's pins are a pins.csv the loader
// checks), plans made by solver.Solve and scored and explained by the
// evaluator, and every document comes from cmd/internal/document, so a file looks the
// same from the workspace as from rotaplan plan. State lives behind
// store.Store; every action that changes it is written to the audit log.
//
// Security: passwords are hashed with argon2id; a session is a random
// token in an HttpOnly, SameSite=Strict cookie (its SHA-256 is stored)
// with an expiry, deleted from the store once expired; every state-changing request carries the session's CSRF
// token (form field csrf or header X-CSRF-Token); failed logins are
// limited per user name and per client address; roles are checked on the
// server for every route; responses carry a Content-Security-Policy
// without inline scripts, X-Frame-Options DENY, nosniff and no referrer.
// Identity numbers are removed from every page and document the workspace
// serves.
package workspace
