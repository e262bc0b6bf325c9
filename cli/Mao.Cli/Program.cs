Console.WriteLine("mao"); return 0;
