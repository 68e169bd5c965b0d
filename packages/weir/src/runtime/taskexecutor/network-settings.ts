/** The TaskExecutor's network settings, read from its configuration with Flink's keys. */
import { readOption } from "../../core/config/option.js";
import { TaskManagerOptions } from "../../core/config/options.js";
import type { NetworkSettings } from "../network/types.js";

export function networkSettingsFrom(config: Readonly<Record<string, string>>): NetworkSettings {
  return {
    bufferSize: readOption(config, TaskManagerOptions.SEGMENT_SIZE),
    creditsPerChannel: readOption(config, TaskManagerOptions.BUFFERS_PER_CHANNEL),
    maxBufferedPerChannel: readOption(config, TaskManagerOptions.MAX_BUFFERED_PER_CHANNEL),
  };
}
