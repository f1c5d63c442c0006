-- A run's first event, as a JSON object of its attributes: a crash right after the run was stored
-- loses the event on its way to the stages, and the recovery hands it to them again. Null for the
-- runs stored before, whose first stage the recovery starts with its own trigger.
ALTER TABLE strategy_run ADD COLUMN start_event VARCHAR(65535);
