import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Post } from './Post';

export enum UserRole {
  Admin = 'admin',
  Editor = 'editor',
  Reader = 'reader',
}

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  email: string;

  @Column({ type: 'enum', enum: UserRole, default: UserRole.Reader })
  role: UserRole;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Index('IDX_users_display_name')
  @Column({ name: 'display_name', type: 'varchar', length: 100, default: '' })
  displayName: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @OneToMany(() => Post, (post) => post.author)
  posts: Post[];
}
