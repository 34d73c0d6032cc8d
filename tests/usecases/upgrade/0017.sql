-- Schema 0017 has the Accounts page: an account made in the app was never in the configuration
-- file (`in_configuration` 0), and one the file listed (1) may have left it since. The first
-- start after the upgrade loads the file once more: the one that left it is disabled, the
-- app's stays enabled.
INSERT INTO staff (username, name, roles, password_hash, in_configuration, created_at)
  VALUES ('app.collega', 'Collega uit de app', 'reception', '!', 0, 1795424400000);
INSERT INTO staff (username, name, roles, password_hash, in_configuration, created_at)
  VALUES ('file.vertrokken', 'Vertrokken collega', 'reception', '!', 1, 1795424400000);
