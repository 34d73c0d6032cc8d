-- Desk work: a reception printer, a help-request category and yesterday's help request.
INSERT INTO printers (location_id, key, name, uri)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), 'onthaal', 'Onthaalprinter', 'dir://data/reception-printer/');
INSERT INTO help_categories (key, name, leefloon) VALUES ('leefloon', 'Leefloon', 1);
INSERT INTO help_request_counters (year, last) VALUES (2026, 1);
INSERT INTO help_requests (location_id, year, seq, reference, received_on, service_id, category_id, documents, staff_id, ticket_id, created_at)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), 2026, 1, 'HA-2026-00001', '2026-11-23',
          (SELECT id FROM services WHERE key = 'permanentie'), (SELECT id FROM help_categories WHERE key = 'leefloon'),
          '["identiteitskaart"]', (SELECT id FROM staff WHERE username = 'onthaal'),
          (SELECT id FROM tickets WHERE status_token = 'upgrade-status-yesterday'), 1795426000000);
