-- The queue core: the demo's location, one service and desk, an account with a session, a
-- kiosk, a partner; yesterday's finished ticket and today's waiting one, with their events.
INSERT INTO locations (key, name, timezone) VALUES ('centrum', 'Sociaal Huis (from before the upgrade)', 'Europe/Brussels');
INSERT INTO services (location_id, key, prefix, names, target_wait_s, service_s, schedule)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), 'permanentie', 'P', '{"nl":"Permanentie"}', 1800, 1200, '{}');
INSERT INTO desks (location_id, key, name, kind)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), 'loket-1', 'Loket 1', 'loket');
INSERT INTO desk_services (desk_id, service_id)
  VALUES ((SELECT id FROM desks WHERE key = 'loket-1'), (SELECT id FROM services WHERE key = 'permanentie'));
INSERT INTO staff (username, name, roles, password_hash, created_at)
  VALUES ('onthaal', 'Sam Onthaal', 'reception,id_team', '$argon2id$v=19$m=19456,t=2,p=1$FHlLvza93Ww7zRfpZ5DlQA$pZG3Ue9M6gQh5kLxTquaBnJg+06hrhf72vI2FKKlmSQ', 1795424400000);
INSERT INTO sessions (token_hash, staff_id, created_at, expires_at)
  VALUES ('8520ba3846e1be507898da54b1c5fc4f4d73bf43c2cfc49158ec173fe154ce4f', (SELECT id FROM staff WHERE username = 'onthaal'), 1795510000000, 1795539600000);
INSERT INTO devices (location_id, kind, name, token_hash, created_at)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), 'kiosk', 'Kiosk inkom', '6ddd203323eb7082d3f80d65d9c7acced720009b97252b18a9d2c24c8674d9c8', 1795424400000);
INSERT INTO partners (key, name) VALUES ('caw', 'CAW');
INSERT INTO counters (service_id, day, last) VALUES ((SELECT id FROM services WHERE key = 'permanentie'), '2026-11-23', 1);
INSERT INTO counters (service_id, day, last) VALUES ((SELECT id FROM services WHERE key = 'permanentie'), '2026-11-24', 1);
INSERT INTO tickets (location_id, service_id, day, number, state, channel, lang, status_token, created_at, queued_at, called_at, started_at, finished_at, desk_id, staff_id)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), (SELECT id FROM services WHERE key = 'permanentie'), '2026-11-23', 'P001', 'done', 'kiosk', 'uk',
          'upgrade-status-yesterday', 1795424400000, 1795424400000, 1795425000000, 1795425060000, 1795426200000,
          (SELECT id FROM desks WHERE key = 'loket-1'), (SELECT id FROM staff WHERE username = 'onthaal'));
INSERT INTO tickets (location_id, service_id, day, number, state, channel, lang, status_token, created_at, queued_at)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), (SELECT id FROM services WHERE key = 'permanentie'), '2026-11-24', 'P001', 'waiting', 'kiosk', 'fr',
          'upgrade-status-today', 1795510200000, 1795510200000);
INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id)
  SELECT location_id, 1, id, 'issued', created_at, service_id FROM tickets WHERE status_token = 'upgrade-status-yesterday';
INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id, desk_id, staff_id)
  SELECT location_id, 2, id, 'called', called_at, service_id, desk_id, staff_id FROM tickets WHERE status_token = 'upgrade-status-yesterday';
INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id, desk_id, staff_id)
  SELECT location_id, 3, id, 'started', started_at, service_id, desk_id, staff_id FROM tickets WHERE status_token = 'upgrade-status-yesterday';
INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id, desk_id, staff_id)
  SELECT location_id, 4, id, 'finished', finished_at, service_id, desk_id, staff_id FROM tickets WHERE status_token = 'upgrade-status-yesterday';
INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id)
  SELECT location_id, 5, id, 'issued', created_at, service_id FROM tickets WHERE status_token = 'upgrade-status-today';
