enum BunnyCommandLinePlaceholder {}
