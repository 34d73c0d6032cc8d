-- The forecast's record: the estimate today's waiting ticket was given.
INSERT INTO ticket_estimates (ticket_id, at, estimate_s)
  SELECT id, created_at, 600 FROM tickets WHERE status_token = 'upgrade-status-today';
