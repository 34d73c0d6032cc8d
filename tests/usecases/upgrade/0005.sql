-- Appointments: a social worker and her appointment this afternoon, with contact details.
INSERT INTO staff (username, name, roles, password_hash, created_at, availability)
  VALUES ('mw.peeters', 'An Peeters', 'social_worker', '$argon2id$v=19$m=19456,t=2,p=1$FHlLvza93Ww7zRfpZ5DlQA$pZG3Ue9M6gQh5kLxTquaBnJg+06hrhf72vI2FKKlmSQ', 1795424400000, '{}');
INSERT INTO appointments (location_id, service_id, staff_id, start_at, end_at, day, code, state, channel, contact_name, contact_phone, lang, created_by, created_at)
  VALUES ((SELECT id FROM locations WHERE key = 'centrum'), (SELECT id FROM services WHERE key = 'permanentie'),
          (SELECT id FROM staff WHERE username = 'mw.peeters'), 1795532400000, 1795534200000, '2026-11-24', 'UPG-1', 'booked', 'desk',
          'Olena Kovalenko', '0470 12 34 56', 'uk', (SELECT id FROM staff WHERE username = 'onthaal'), 1795424400000);
