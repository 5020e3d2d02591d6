enum BunnyWirePlaceholder {}
